package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vmm.update.internal.Digests;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
  @TempDir Path dir;
  StoreFixture fixture;
  UpdateStore store;
  Path packageFile;
  byte[] payload;
  StagingSession session;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new StoreFixture(dir);
    store = fixture.open();
    packageFile = fixture.pack("1.1.0");
    payload = StoreFixture.payload(packageFile);
    session = store.beginStaging(UpdatePackage.open(packageFile).signedHeader());
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  static UpdateRejectedException rejected(Executable call) {
    UpdateRejectedException e = catchThrowableOfType(UpdateRejectedException.class, () -> call.execute());
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }

  void accept(long offset, byte[] bytes) throws Exception {
    session.accept(offset, ByteBuffer.wrap(bytes), Digests.crc32c(bytes, 0, bytes.length));
  }

  @Nested
  class InOrder {
    @Test
    void chunksGrowTheVerifiedPrefixUntilTheSignedLength() throws Exception {
      StoreFixture.send(session, payload, 0, 1000, 1000);
      assertThat(session.heldLength()).isEqualTo(1000);

      StoreFixture.send(session, payload, 1000, payload.length, 777);
      StagedUpdate staged = session.complete();

      assertThat(staged.complete()).isTrue();
      assertThat(staged.heldLength()).isEqualTo(payload.length);
      assertThat(store.status().staged()).contains(staged);
      assertThat(staged.manifestDigest()).isEqualTo(UpdatePackage.open(packageFile).manifest().digest());
    }

    @Test
    void theSameHeaderAgainResumesTheSameSession() throws Exception {
      StoreFixture.send(session, payload, 0, 1500, 500);

      StagingSession again = store.beginStaging(UpdatePackage.open(packageFile).signedHeader());

      assertThat(again.heldLength()).isEqualTo(1500);
      assertThat(again.manifestDigest()).isEqualTo(session.manifestDigest());
    }

    @Test
    void aReopenedStoreHoldsWhatWasSentAndTakesTheRest() throws Exception {
      StoreFixture.send(session, payload, 0, 2000, 500);
      store.close();

      store = fixture.open();
      StagingSession resumed = store.staging().orElseThrow();

      assertThat(resumed.heldLength()).isEqualTo(2000);
      StoreFixture.send(resumed, payload, resumed.heldLength(), payload.length, 500);
      assertThat(resumed.complete().complete()).isTrue();
    }

    @Test
    void bytesLostAtTheEndOfThePayloadFileShrinkThePrefixToTheLastWholeChunk() throws Exception {
      StoreFixture.send(session, payload, 0, 2000, 500);
      store.close();
      try (FileChannel file = FileChannel.open(fixture.root.resolve("staging/payload.part"), StandardOpenOption.WRITE)) {
        file.truncate(1800);
      }

      store = fixture.open();

      assertThat(store.staging().orElseThrow().heldLength()).isEqualTo(1500);
    }

    @Test
    void aChangedStagedByteShrinksThePrefixToBeforeItsChunk() throws Exception {
      StoreFixture.send(session, payload, 0, 2000, 500);
      store.close();
      Path part = fixture.root.resolve("staging/payload.part");
      byte[] staged = Files.readAllBytes(part);
      staged[1234] ^= 1;
      Files.write(part, staged);

      store = fixture.open();

      assertThat(store.staging().orElseThrow().heldLength()).isEqualTo(1000);
    }
  }

  @Nested
  class Refusals {
    @Test
    void aChunkNotAtTheHeldLengthIsRefusedNamingBoth() throws Exception {
      StoreFixture.send(session, payload, 0, 1000, 1000);

      UpdateRejectedException e = rejected(() -> accept(1500, new byte[10]));

      assertThat(e.reason()).isEqualTo(Rejection.OFFSET_MISMATCH);
      assertThat(e).hasMessageContaining("chunk at offset 1500, but the verified prefix ends at 1000");
      assertThat(session.heldLength()).isEqualTo(1000);
    }

    @Test
    void aChunkThatDoesNotMatchItsDigestIsRefused() {
      UpdateRejectedException e = rejected(() -> session.accept(0, ByteBuffer.wrap(new byte[] {1, 2, 3}),
          Digests.crc32c(new byte[] {1, 2, 4}, 0, 3)));

      assertThat(e.reason()).isEqualTo(Rejection.CHUNK_DIGEST_MISMATCH);
      assertThat(session.heldLength()).isZero();
    }

    @Test
    void endlessDataStopsAtTheSignedLength() throws Exception {
      StoreFixture.send(session, payload, 0, payload.length, 1000);

      UpdateRejectedException e = rejected(() -> accept(payload.length, new byte[1]));

      assertThat(e.reason()).isEqualTo(Rejection.OVERSIZED);
      assertThat(e).hasMessageContaining("passes the signed length " + payload.length);
      assertThat(session.heldLength()).isEqualTo(payload.length);
    }

    @Test
    void completeNeedsTheWholePayload() throws Exception {
      StoreFixture.send(session, payload, 0, 100, 100);

      UpdateRejectedException e = rejected(() -> session.complete());

      assertThat(e.reason()).isEqualTo(Rejection.TRUNCATED);
      assertThat(e).hasMessageContaining("holds 100 of its signed " + payload.length + " bytes");
    }

    @Test
    void bytesOtherThanTheSignedOnesFailCompleteAndStartOver() throws Exception {
      byte[] forged = payload.clone();
      forged[forged.length / 2] ^= 1;
      StoreFixture.send(session, forged, 0, forged.length, 1000);

      UpdateRejectedException e = rejected(() -> session.complete());

      assertThat(e.reason()).isEqualTo(Rejection.DIGEST_MISMATCH);
      assertThat(session.heldLength()).isZero();
      StoreFixture.send(session, payload, 0, payload.length, 1000);
      assertThat(session.complete().complete()).isTrue();
    }

    @Test
    void anAbortedSessionRefusesFurtherChunks() throws Exception {
      store.abortStaging(session.manifestDigest());

      UpdateRejectedException e = rejected(() -> accept(0, new byte[1]));

      assertThat(e.reason()).isEqualTo(Rejection.NOT_STAGED);
      assertThat(store.status().staged()).isEmpty();
      assertThat(fixture.root.resolve("staging")).doesNotExist();
    }

    @Test
    void anotherPackageReplacesTheStaging() throws Exception {
      StoreFixture.send(session, payload, 0, 1000, 1000);
      Path other = fixture.pack("1.2.0");

      StagingSession replacing = store.beginStaging(UpdatePackage.open(other).signedHeader());

      assertThat(replacing.heldLength()).isZero();
      assertThat(rejected(() -> accept(1000, new byte[1])).reason()).isEqualTo(Rejection.NOT_STAGED);
    }
  }
}

package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObject;
import dev.vmm.core.HypercallError;
import dev.vmm.core.VmmKinds;
import dev.vmm.handles.HandleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compromised guest drives the update hypercalls with lies: each gets an error code, and the
 * installed state (active version, version directories) is exactly what it was.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileGuestTest {
  static final int LENGTH = 5000;

  @TempDir Path dir;
  GuestRig rig;
  HostileGuest mallory;
  UpdatePackage a;
  UpdatePackage b;
  UpdateStatus before;
  List<String> versionsBefore;

  @BeforeEach
  void setUp() throws Exception {
    rig = new GuestRig(dir);
    StoreFixture.install(rig.store, rig.fixture.pack("1.1.0"));
    mallory = start("mallory");
    a = randomPackage(1);
    b = randomPackage(2);
    before = rig.store.status();
    versionsBefore = versions();
  }

  @AfterEach
  void installedStateIsUntouched() throws Exception {
    try {
      UpdateStatus after = rig.store.status();
      assertThat(after.activeVersion()).isEqualTo(before.activeVersion());
      assertThat(after.installed()).isEqualTo(before.installed());
      assertThat(versions()).isEqualTo(versionsBefore);
      assertThat(StoreFixture.echo(rig.store.services(), 1)).isEqualTo(ServiceJars.marker(before.activeVersion()) + 1);
    } finally {
      rig.close();
    }
  }

  HostileGuest start(String name) {
    Guest guest = rig.vmm.create(rig.config(name).build());
    rig.vmm.start(guest);
    return new HostileGuest(rig.vmm, guest);
  }

  UpdatePackage randomPackage(long seed) throws Exception {
    return UpdatePackage.open(rig.fixture.packages.write(rig.fixture.packages.builder("1.2.0",
        rig.fixture.packages.randomFile(LENGTH, seed))));
  }

  List<String> versions() throws Exception {
    try (Stream<Path> entries = Files.list(rig.fixture.root.resolve("versions"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static byte[] payload(UpdatePackage pkg) throws Exception {
    try (var in = pkg.openVmmPayload()) {
      return in.readAllBytes();
    }
  }

  static byte[] digest(UpdatePackage pkg) {
    return HexFormat.of().parseHex(pkg.manifest().digest());
  }

  @Nested
  class Headers {
    @Test
    void aForgedSignatureIsRefusedAndNothingIsStaged() {
      byte[] header = a.signedHeader();
      header[header.length - 1] ^= 1;

      assertThat(mallory.begin(header)).isEqualTo(UpdateAbi.rejectionCode(Rejection.BAD_SIGNATURE));
      assertThat(rig.store.staging()).isEmpty();
    }

    @Test
    void aManifestChangedAfterSigningIsRefused() {
      byte[] header = a.signedHeader();
      header[20] ^= 1;

      assertThat(UpdateAbi.rejectionOf(mallory.begin(header))).isIn(Rejection.BAD_SIGNATURE, Rejection.MALFORMED);
      assertThat(rig.store.staging()).isEmpty();
    }

    @Test
    void wildPointersAndAbsurdLengthsAreErrorsBeforeAnythingIsStaged() {
      byte[] header = a.signedHeader();
      long good = mallory.put(header);
      long out = mallory.put(new byte[16]);

      assertThat(mallory.call(UpdateAbi.BEGIN, 0xdead_0000L, header.length, out))
          .isEqualTo(HypercallError.FAULT.code());
      assertThat(mallory.call(UpdateAbi.BEGIN, good, header.length, 0x10L)).isEqualTo(HypercallError.FAULT.code());
      assertThat(mallory.call(UpdateAbi.BEGIN, good, -1, out)).isEqualTo(HypercallError.INVALID.code());
      assertThat(mallory.call(UpdateAbi.BEGIN, good, UpdateAbi.MAX_HEADER_LENGTH + 1L, out))
          .isEqualTo(HypercallError.INVALID.code());
      assertThat(rig.store.staging()).isEmpty();
    }
  }

  @Nested
  class Payloads {
    @Test
    void anotherPackagesPayloadFailsTheSignedDigestAndStagingStartsOver() throws Exception {
      long session = mallory.begin(a.signedHeader());
      long channel = mallory.openTransfer(session);
      mallory.frame(channel, 0, LENGTH, payload(b));
      mallory.shutdown(channel);
      assertThat(mallory.settledStatus(session)[0]).as("CRC32C is no proof: the bytes are staged").isEqualTo(LENGTH);

      assertThat(mallory.call(UpdateAbi.COMPLETE, session, 0, 0))
          .isEqualTo(UpdateAbi.rejectionCode(Rejection.DIGEST_MISMATCH));
      assertThat(rig.store.staging().orElseThrow().heldLength()).isZero();
      assertThat(mallory.commit(session, digest(a))).isEqualTo(UpdateAbi.rejectionCode(Rejection.NOT_STAGED));
    }

    @Test
    void aFramePastTheSignedLengthIsRefusedAndNothingOfItIsStaged() throws Exception {
      long session = mallory.begin(a.signedHeader());
      long channel = mallory.openTransfer(session);
      mallory.frame(channel, 0, LENGTH + 1, new byte[LENGTH + 1]);

      long[] status = mallory.settledStatus(session);
      assertThat(status[2]).isEqualTo(UpdateAbi.STATE_FAILED);
      assertThat(status[3]).isEqualTo(UpdateAbi.rejectionCode(Rejection.OVERSIZED));
      assertThat(status[0]).isZero();
      assertThat(mallory.call(UpdateAbi.COMPLETE, session, 0, 0))
          .isEqualTo(UpdateAbi.rejectionCode(Rejection.OVERSIZED));
    }

    @Test
    void aFrameClaimingMoreThanAFrameMayCarryEndsTheTransferBeforeAnyDataIsRead() throws Exception {
      long session = mallory.begin(a.signedHeader());
      long channel = mallory.openTransfer(session);
      mallory.frame(channel, 0, Integer.MAX_VALUE, new byte[8]);

      long[] status = mallory.settledStatus(session);
      assertThat(status[2]).isEqualTo(UpdateAbi.STATE_FAILED);
      assertThat(status[3]).isEqualTo(HypercallError.INVALID.code());
    }

    @Test
    void aFrameAtAnOffsetOtherThanTheHeldLengthIsRefused() throws Exception {
      long session = mallory.begin(a.signedHeader());
      long channel = mallory.openTransfer(session);
      mallory.frame(channel, 100, 10, new byte[10]);

      assertThat(mallory.settledStatus(session)[3]).isEqualTo(UpdateAbi.rejectionCode(Rejection.OFFSET_MISMATCH));
    }
  }

  @Nested
  class Commits {
    @Test
    void aCommitNamingAPackageItDidNotStageIsRefused() throws Exception {
      long session = mallory.begin(a.signedHeader());
      long channel = mallory.openTransfer(session);
      mallory.frame(channel, 0, LENGTH, payload(a));
      mallory.shutdown(channel);
      mallory.settledStatus(session);
      assertThat(mallory.call(UpdateAbi.COMPLETE, session, 0, 0)).isZero();

      assertThat(mallory.commit(session, digest(b))).isEqualTo(UpdateAbi.rejectionCode(Rejection.WRONG_PACKAGE));
      assertThat(mallory.commit(session, new byte[5])).isEqualTo(HypercallError.INVALID.code());
      assertThat(rig.store.status().staged().orElseThrow().complete()).isTrue();
    }

    @Test
    void anotherGuestsSessionHandleIsNotAHandleAtAll() throws Exception {
      HostileGuest owner = start("owner");
      long session = owner.begin(a.signedHeader());
      assertThat(session).isPositive();

      long ebadf = HypercallError.BAD_HANDLE.code();
      assertThat(mallory.call(UpdateAbi.STATUS, session, mallory.put(new byte[24]), 0)).isEqualTo(ebadf);
      assertThat(mallory.call(UpdateAbi.COMPLETE, session, 0, 0)).isEqualTo(ebadf);
      assertThat(mallory.commit(session, digest(a))).isEqualTo(ebadf);
      assertThat(mallory.call(UpdateAbi.ABORT, session, 0, 0)).isEqualTo(ebadf);
      assertThat(mallory.openTransfer(session)).isEqualTo(HypercallError.NOT_FOUND.code());
      assertThat(rig.store.staging()).as("still staged for its owner").isPresent();
      assertThat(owner.call(UpdateAbi.STATUS, session, owner.put(new byte[24]), 0)).isZero();
      assertThat(owner.call(UpdateAbi.ABORT, session, 0, 0)).isZero();
    }

    @Test
    void theSessionOfADestroyedGuestIsRetiredAtTheNextBegin() throws Exception {
      HostileGuest doomed = start("doomed");
      long session = doomed.begin(a.signedHeader());
      assertThat(rig.vmm.objects().resolve(doomed.guest, sessionKind(), session)).isNotNull();
      rig.vmm.destroy(doomed.guest);

      long next = mallory.begin(a.signedHeader());

      assertThat(next).isPositive();
      assertThat(rig.vmm.objects().resolve(doomed.guest, sessionKind(), session)).isNull();
      assertThat(mallory.call(UpdateAbi.ABORT, next, 0, 0)).isZero();
    }

    /** The VMM's own session kind (kinds resolve by identity), read from the service's internals. */
    @SuppressWarnings("unchecked")
    HandleKind<GuestObject> sessionKind() throws ReflectiveOperationException {
      var field = Class.forName("dev.vmm.update.internal.host.TransferSession").getDeclaredField("KIND");
      field.setAccessible(true);
      HandleKind<?> kind = (HandleKind<?>) field.get(null);
      assertThat(kind.tag()).isEqualTo(VmmKinds.SESSION_TAG);
      return (HandleKind<GuestObject>) kind;
    }
  }
}

package dev.vmm.update;

import static dev.vmm.update.StoreFixture.echo;
import static dev.vmm.update.StoreFixture.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vmm.update.internal.Digests;
import dev.vmm.update.internal.PackageSignature;
import dev.vmm.update.internal.SignedHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of bad package a compromised guest or a bad mirror could send. Each must be
 * rejected with a reason and a message naming the bad value, and leave the installed state exactly
 * as it was: same status, same state file bytes, same services.
 */
class BadInputTest {
  static final UpdateVersion INSTALLED = UpdateVersion.parse("1.1.0");

  @TempDir Path dir;
  StoreFixture fixture;
  UpdateStore store;
  UpdateStatus statusBefore;
  byte[] stateFileBefore;

  @BeforeEach
  void installAVersion() throws Exception {
    fixture = new StoreFixture(dir);
    store = fixture.builder().maxVmmPayloadLength(64 * 1024).open();
    install(store, fixture.pack(INSTALLED.toString()));
    statusBefore = store.status();
    stateFileBefore = Files.readAllBytes(fixture.root.resolve("state"));
  }

  @AfterEach
  void installedStateIsUntouched() throws Exception {
    UpdateStatus after = store.status();
    assertThat(after.activeVersion()).isEqualTo(statusBefore.activeVersion());
    assertThat(after.installed()).isEqualTo(statusBefore.installed());
    assertThat(after.previous()).isEqualTo(statusBefore.previous());
    assertThat(after.lastRollback()).isEqualTo(statusBefore.lastRollback());
    assertThat(Files.readAllBytes(fixture.root.resolve("state"))).isEqualTo(stateFileBefore);
    assertThat(echo(store.services(), 1)).isEqualTo(ServiceJars.marker(INSTALLED) + 1);
    store.close();
  }

  static UpdateRejectedException rejected(Executable call) {
    UpdateRejectedException e = catchThrowableOfType(UpdateRejectedException.class, () -> call.execute());
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }

  /** Plays the guest: sends the header and the whole payload of the file, then asks to complete and commit. */
  void sendAll(byte[] header, byte[] payload) throws Exception {
    StagingSession session = store.beginStaging(header);
    StoreFixture.send(session, payload, 0, payload.length, 1000);
    store.commit(session.complete().manifestDigest());
  }

  byte[] signedHeader(byte[] manifestBytes) {
    return SignedHeader.encode(manifestBytes,
        List.of(new PackageSignature(fixture.packages.key.id(), fixture.packages.key.sign(manifestBytes))));
  }

  @Test
  void corruptedPayloadIsRefusedNamingBothDigests() throws Exception {
    Path file = fixture.pack("1.2.0");
    UpdatePackage good = UpdatePackage.open(file);
    byte[] corrupted = StoreFixture.payload(file);
    corrupted[100] ^= 0x40;

    UpdateRejectedException e = rejected(() -> sendAll(good.signedHeader(), corrupted));

    assertThat(e.reason()).isEqualTo(Rejection.DIGEST_MISMATCH);
    assertThat(e).hasMessageContaining(Digests.sha256Hex(corrupted))
        .hasMessageContaining("the manifest signs " + good.manifest().vmm().sha256());
  }

  @Test
  void truncatedPackageIsRefusedNamingItsLength() throws Exception {
    Path file = fixture.pack("1.2.0");
    byte[] whole = Files.readAllBytes(file);
    Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(whole, whole.length - 1));
    byte[] header = UpdatePackage.open(file).signedHeader();

    UpdateRejectedException opened = rejected(() -> UpdatePackage.open(truncated));
    UpdateRejectedException staged = rejected(() -> store.beginStaging(Arrays.copyOf(header, header.length - 10)));

    assertThat(opened.reason()).isEqualTo(Rejection.TRUNCATED);
    assertThat(opened).hasMessageContaining("is " + (whole.length - 1) + " bytes, its manifest says " + whole.length);
    assertThat(staged.reason()).isEqualTo(Rejection.TRUNCATED);
    assertThat(staged).hasMessageContaining("header is " + (header.length - 10) + " bytes, its lengths say " + header.length);
  }

  @Test
  void unknownKeyIsRefusedNamingTheKeyId() throws Exception {
    SigningKey stranger = fixture.packages.otherKey("stranger");
    Path file = fixture.packages.write(UpdatePackage.builder()
        .vmm(UpdateVersion.parse("1.2.0"), ServiceJars.payloadFile(dir, UpdateVersion.parse("1.2.0"), true))
        .expiresAt(TestPackages.EXPIRY).signedBy(stranger));

    UpdateRejectedException e = rejected(() -> sendAll(UpdatePackage.open(file).signedHeader(),
        StoreFixture.payload(file)));

    assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY);
    assertThat(e).hasMessageContaining("signed by key " + stranger.id() + ", which this VMM does not trust");
  }

  @Test
  void olderOrEqualVersionReplayedIsRefusedNamingBothVersions() throws Exception {
    Path equal = fixture.pack("1.1.0");
    Path older = fixture.pack("1.0.9");

    UpdateRejectedException replayed = rejected(() -> store.beginStaging(UpdatePackage.open(equal).signedHeader()));
    UpdateRejectedException downgrade = rejected(() -> store.beginStaging(UpdatePackage.open(older).signedHeader()));

    assertThat(replayed.reason()).isEqualTo(Rejection.NOT_NEWER);
    assertThat(replayed).hasMessageContaining("carries VMM 1.1.0, not newer than the installed 1.1.0");
    assertThat(downgrade.reason()).isEqualTo(Rejection.NOT_NEWER);
    assertThat(downgrade).hasMessageContaining("carries VMM 1.0.9, not newer than the installed 1.1.0");
  }

  @Test
  void expiredPackageIsRefusedNamingItsExpiry() throws Exception {
    Path file = fixture.packages.write(fixture.packages.builder("1.2.0",
        ServiceJars.payloadFile(dir, UpdateVersion.parse("1.2.0"), true)).expiresAt(TestPackages.NOW.minusSeconds(1)));

    UpdateRejectedException e = rejected(() -> store.beginStaging(UpdatePackage.open(file).signedHeader()));

    assertThat(e.reason()).isEqualTo(Rejection.EXPIRED);
    assertThat(e).hasMessageContaining("expired at " + TestPackages.NOW.minusSeconds(1) + ", it is now " + TestPackages.NOW);
  }

  @Test
  void oversizedPayloadIsRefusedNamingItsLengthAndTheLimit() throws Exception {
    Path file = fixture.packages.package_("1.2.0", 100_000);
    Path longer = Files.write(dir.resolve("longer"), Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) + 5));

    UpdateRejectedException staged = rejected(() -> store.beginStaging(UpdatePackage.open(file).signedHeader()));
    UpdateRejectedException opened = rejected(() -> UpdatePackage.open(longer));

    assertThat(staged.reason()).isEqualTo(Rejection.OVERSIZED);
    assertThat(staged).hasMessageContaining("VMM payload of 100000 bytes exceeds this VMM's limit of 65536");
    assertThat(opened.reason()).isEqualTo(Rejection.OVERSIZED);
    assertThat(opened).hasMessageContaining("is " + (Files.size(file) + 5) + " bytes, its manifest says " + Files.size(file));
  }

  @Test
  void manifestLyingAboutTheLengthStopsTheTransferAtTheSignedLength() throws Exception {
    byte[] payload = ServiceJars.payload(UpdateVersion.parse("1.2.0"), true);
    long lie = payload.length - 500;
    PackageManifest lying = new PackageManifest(UUID.randomUUID(), TestPackages.EXPIRY,
        new VmmPart(UpdateVersion.parse("1.2.0"), lie, Digests.sha256Hex(payload)), List.of());

    UpdateRejectedException e = rejected(() -> sendAll(signedHeader(lying.encoded()), payload));

    assertThat(e.reason()).isEqualTo(Rejection.OVERSIZED);
    assertThat(e).hasMessageContaining("passes the signed length " + lie);
    assertThat(store.staging().orElseThrow().heldLength()).isLessThanOrEqualTo(lie);
  }

  @Test
  void extensionNameWithPathTraversalIsRefusedNamingTheName() throws Exception {
    byte[] manifest = manifestWithExtensionNamed("../../etc/passwd");

    UpdateRejectedException e = rejected(() -> store.beginStaging(signedHeader(manifest)));

    assertThat(e.reason()).isEqualTo(Rejection.BAD_EXTENSION_NAME);
    assertThat(e).hasMessageContaining("'../../etc/passwd'");
    assertThat(store.status().staged()).isEmpty();
  }

  /** A manifest written field by field as docs/update-package.md specifies, to say what the builder refuses to. */
  static byte[] manifestWithExtensionNamed(String name) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write("VMMMANI1".getBytes(StandardCharsets.US_ASCII));
      out.writeLong(1);
      out.writeLong(2);
      out.writeLong(TestPackages.EXPIRY.getEpochSecond());
      out.writeInt(1);
      out.writeInt(2);
      out.writeInt(0);
      out.writeLong(10);
      out.write(new byte[32]);
      out.writeShort(1);
      byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
      out.writeByte(nameBytes.length);
      out.write(nameBytes);
      out.writeInt(1);
      out.writeInt(0);
      out.writeInt(0);
      out.writeLong(10);
      out.write(HexFormat.of().parseHex("00".repeat(32)));
    }
    return bytes.toByteArray();
  }
}

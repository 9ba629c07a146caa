package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PackageVerifierTest {
  static final UpdateVersion INSTALLED = UpdateVersion.parse("1.0.0");

  @TempDir Path dir;
  TestPackages packages;
  PackageVerifier verifier;

  @BeforeEach
  void setUp() {
    packages = new TestPackages(dir);
    verifier = new PackageVerifier(packages.trustRoot, TestPackages.CLOCK, 1 << 20);
  }

  static UpdateRejectedException rejected(Executable call) {
    UpdateRejectedException e = catchThrowableOfType(UpdateRejectedException.class, () -> call.execute());
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }

  byte[] header(Path file) throws Exception {
    return UpdatePackage.open(file).signedHeader();
  }

  @Nested
  class Signatures {
    @Test
    void aPackageSignedByATrustedKeyVerifies() throws Exception {
      Path file = packages.package_("1.1.0", 100);

      PackageManifest manifest = verifier.verify(header(file), INSTALLED);

      assertThat(manifest).isEqualTo(UpdatePackage.open(file).manifest());
    }

    @Test
    void aKeyOutsideTheTrustRootIsRefusedByItsId() throws Exception {
      SigningKey stranger = packages.otherKey("stranger");
      Path file = packages.write(UpdatePackage.builder().vmm(UpdateVersion.parse("1.1.0"), packages.randomFile(10, 1))
          .expiresAt(TestPackages.EXPIRY).signedBy(stranger));

      UpdateRejectedException e = rejected(() -> verifier.verify(header(file), INSTALLED));

      assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY);
      assertThat(e).hasMessageContaining(stranger.id().hex());
    }

    @Test
    void aChangedManifestByteBreaksTheSignature() throws Exception {
      byte[] header = header(packages.package_("1.1.0", 100));
      header[16 + 8 + 3] ^= 1;

      UpdateRejectedException e = rejected(() -> verifier.verify(header, INSTALLED));

      assertThat(e.reason()).isEqualTo(Rejection.BAD_SIGNATURE);
      assertThat(e).hasMessageContaining(packages.key.id().hex()).hasMessageContaining("0 valid of the 1 required");
    }

    @Test
    void aThresholdOfTwoNeedsTwoDistinctTrustedSigners() throws Exception {
      SigningKey second = packages.otherKey("second");
      TrustRoot twoOfTwo = TrustRoot.of(2, List.of(packages.key.trustedKey(), second.trustedKey()));
      PackageVerifier strict = new PackageVerifier(twoOfTwo, TestPackages.CLOCK, 1 << 20);
      Path once = packages.package_("1.1.0", 100);
      Path twice = packages.write(packages.builder("1.1.0", packages.randomFile(10, 1)).signedBy(second));

      assertThat(rejected(() -> strict.verify(header(once), INSTALLED)).reason())
          .isEqualTo(Rejection.THRESHOLD_NOT_MET);
      assertThat(strict.verify(header(twice), INSTALLED).vmm().version()).isEqualTo(UpdateVersion.parse("1.1.0"));
    }
  }

  @Nested
  class FreshnessAndVersions {
    @Test
    void anExpiredPackageIsRefusedNamingItsExpiry() throws Exception {
      byte[] header = header(packages.package_("1.1.0", 100));
      Clock later = Clock.fixed(TestPackages.EXPIRY, ZoneOffset.UTC);

      UpdateRejectedException e = rejected(() -> new PackageVerifier(packages.trustRoot, later, 1 << 20)
          .verify(header, INSTALLED));

      assertThat(e.reason()).isEqualTo(Rejection.EXPIRED);
      assertThat(e).hasMessageContaining("expired at " + TestPackages.EXPIRY);
    }

    @Test
    void anEqualOrOlderVersionIsRefused() throws Exception {
      byte[] header = header(packages.package_("1.1.0", 100));

      UpdateRejectedException equal = rejected(() -> verifier.verify(header, UpdateVersion.parse("1.1.0")));
      UpdateRejectedException older = rejected(() -> verifier.verify(header, UpdateVersion.parse("1.2.0")));

      assertThat(equal.reason()).isEqualTo(Rejection.NOT_NEWER);
      assertThat(equal).hasMessageContaining("VMM 1.1.0, not newer than the installed 1.1.0");
      assertThat(older).hasMessageContaining("not newer than the installed 1.2.0");
    }

    @Test
    void aPayloadAboveThisVmmsLimitIsRefused() throws Exception {
      byte[] header = header(packages.package_("1.1.0", 2000));

      UpdateRejectedException e = rejected(() -> new PackageVerifier(packages.trustRoot, TestPackages.CLOCK, 1000)
          .verify(header, INSTALLED));

      assertThat(e.reason()).isEqualTo(Rejection.OVERSIZED);
      assertThat(e).hasMessageContaining("2000 bytes exceeds this VMM's limit of 1000");
    }
  }

  @Nested
  class ExtensionPayloads {
    PackageManifest manifest;
    byte[] updater;

    @BeforeEach
    void build() throws Exception {
      Path updaterFile = packages.randomFile(300, 9);
      updater = Files.readAllBytes(updaterFile);
      Path file = packages.write(UpdatePackage.builder().vmm(UpdateVersion.parse("1.1.0"), packages.randomFile(10, 1))
          .extension("updater", UpdateVersion.parse("2.0.0"), updaterFile)
          .expiresAt(TestPackages.EXPIRY).signedBy(packages.key));
      manifest = verifier.verify(header(file), INSTALLED);
    }

    ExtensionPart verifyUpdater(byte[] bytes, String installed) throws Exception {
      try (InputStream in = new ByteArrayInputStream(bytes)) {
        return verifier.verifyExtension(manifest, "updater", installed == null ? null : UpdateVersion.parse(installed), in);
      }
    }

    @Test
    void theSignedBytesPass() throws Exception {
      assertThat(verifyUpdater(updater, "1.9.0").version()).isEqualTo(UpdateVersion.parse("2.0.0"));
      assertThat(verifyUpdater(updater, null).length()).isEqualTo(300);
    }

    @Test
    void anyOtherBytesFail() {
      byte[] changed = updater.clone();
      changed[5] ^= 1;

      assertThat(rejected(() -> verifyUpdater(changed, null)).reason()).isEqualTo(Rejection.DIGEST_MISMATCH);
      assertThat(rejected(() -> verifyUpdater(java.util.Arrays.copyOf(updater, 299), null)))
          .hasMessageContaining("payload is 299 bytes, not 300 bytes as signed");
      assertThat(rejected(() -> verifyUpdater(java.util.Arrays.copyOf(updater, 10_000), null)).reason())
          .isEqualTo(Rejection.OVERSIZED);
      assertThat(rejected(() -> verifyUpdater(updater, "2.0.0")).reason()).isEqualTo(Rejection.NOT_NEWER);
    }

    @Test
    void anExtensionThePackageDoesNotCarryIsWrongPackage() {
      UpdateRejectedException e = rejected(() -> verifier.verifyExtension(manifest, "other", null,
          new ByteArrayInputStream(updater)));

      assertThat(e.reason()).isEqualTo(Rejection.WRONG_PACKAGE);
      assertThat(e).hasMessageContaining("'other'");
    }
  }
}

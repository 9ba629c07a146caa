package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.update.internal.ManifestCodec;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFormatTest {
  @TempDir Path dir;

  @Nested
  class Keys {
    @Test
    void generateWritesAPrivateFileOnlyTheOwnerCanReadAndAPublicFile() throws IOException {
      SigningKey key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))))
          .isEqualTo("rw-------");
      assertThat(Files.readAllLines(dir.resolve("k.pub")))
          .containsExactly("vmm-update ed25519 public key", "id: " + key.id(),
              Files.readAllLines(dir.resolve("k.pub")).get(2));
      assertThat(Files.readString(dir.resolve("k.pub"))).doesNotContain("private");
    }

    @Test
    void loadingGivesTheSameKeyBack() throws IOException {
      SigningKey key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));

      assertThat(SigningKey.load(dir.resolve("k.key")).id()).isEqualTo(key.id());
      assertThat(TrustedKey.load(dir.resolve("k.pub"))).isEqualTo(key.trustedKey());
      assertThat(key.id().hex()).hasSize(64);
    }

    @Test
    void generateNeverOverwritesAKey() throws IOException {
      SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));

      assertThatThrownBy(() -> SigningKey.generate(dir.resolve("k.key"), dir.resolve("k2.pub")))
          .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aKeyFileWhoseIdDoesNotMatchItsKeyIsRefused() throws IOException {
      SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));
      Path pub = dir.resolve("k.pub");
      List<String> lines = Files.readAllLines(pub);
      Files.write(pub, List.of(lines.get(0), "id: " + "0".repeat(64), lines.get(2)));

      assertThatThrownBy(() -> TrustedKey.load(pub)).isInstanceOf(IOException.class)
          .hasMessageContaining("id " + "0".repeat(64) + " does not match the key");
    }

    @Test
    void trustRootThresholdMustBeReachable() throws IOException {
      SigningKey key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));

      assertThatThrownBy(() -> TrustRoot.of(2, List.of(key.trustedKey())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold 2 is outside 1..1");
      assertThatThrownBy(() -> TrustRoot.of(1, List.of(key.trustedKey(), key.trustedKey())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
    }
  }

  @Nested
  class WritingAndReading {
    @Test
    void aPackageReadsBackWithItsManifestAndPayloads() throws Exception {
      TestPackages packages = new TestPackages(dir);
      Path vmm = packages.randomFile(5000, 7);
      UUID id = UUID.randomUUID();
      PackageManifest written = packages.builder("1.2.3", vmm).packageId(id).writeTo(dir.resolve("p.vmmpkg"));

      UpdatePackage read = UpdatePackage.open(dir.resolve("p.vmmpkg"));

      assertThat(read.manifest()).isEqualTo(written);
      assertThat(read.manifest().packageId()).isEqualTo(id);
      assertThat(read.manifest().vmm().version()).isEqualTo(new UpdateVersion(1, 2, 3));
      assertThat(read.manifest().vmm().length()).isEqualTo(5000);
      assertThat(read.manifest().extensions()).extracting(ExtensionPart::name)
          .containsExactly("net-source", "updater");
      assertThat(read.signers()).containsExactly(packages.key.id());
      try (InputStream in = read.openVmmPayload()) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(vmm));
      }
      try (InputStream in = read.openExtensionPayload("updater")) {
        assertThat(in.readAllBytes()).hasSize(300);
      }
      read.verifyPayloads();
    }

    @Test
    void theFileIsTheSignedHeaderFollowedByThePayloadsInManifestOrder() throws Exception {
      TestPackages packages = new TestPackages(dir);
      Path vmm = packages.write("VMM".getBytes(StandardCharsets.US_ASCII));
      PackageManifest manifest = UpdatePackage.builder().vmm(UpdateVersion.parse("1.0.0"), vmm)
          .extension("b", UpdateVersion.parse("1.0.0"), packages.write(new byte[] {'B'}))
          .extension("a", UpdateVersion.parse("1.0.0"), packages.write(new byte[] {'A'}))
          .expiresAt(TestPackages.EXPIRY).signedBy(packages.key).writeTo(dir.resolve("p"));
      byte[] file = Files.readAllBytes(dir.resolve("p"));
      byte[] manifestBytes = manifest.encoded();

      assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("VMMUPKG1");
      assertThat(Arrays.copyOfRange(file, 16, 16 + manifestBytes.length)).isEqualTo(manifestBytes);
      int headerLength = 16 + manifestBytes.length + 1 + 96;
      assertThat(new String(file, headerLength, file.length - headerLength, StandardCharsets.US_ASCII))
          .isEqualTo("VMMAB");
      assertThat(UpdatePackage.open(dir.resolve("p")).signedHeader()).isEqualTo(Arrays.copyOf(file, headerLength));
    }

    @Test
    void aManifestHasExactlyOneEncoding() throws Exception {
      TestPackages packages = new TestPackages(dir);
      byte[] encoded = UpdatePackage.open(packages.package_("1.0.0", 100)).manifest().encoded();

      assertThat(ManifestCodec.encode(ManifestCodec.decode(encoded))).isEqualTo(encoded);
      byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
      assertThatThrownBy(() -> ManifestCodec.decode(longer)).isInstanceOf(UpdateRejectedException.class)
          .hasMessage("MALFORMED: manifest has 1 bytes after its last field");
    }

    @Test
    void twoSignersBothSign() throws Exception {
      TestPackages packages = new TestPackages(dir);
      SigningKey second = packages.otherKey("second");
      Path file = packages.write(packages.builder("1.0.0", packages.randomFile(10, 1)).signedBy(second).signedBy(second)
          );

      assertThat(UpdatePackage.open(file).signers()).containsExactlyInAnyOrder(packages.key.id(), second.id());
      assertThat(SignedHeader.decode(UpdatePackage.open(file).signedHeader()).signatures()).hasSize(2);
    }

    @Test
    void theBuilderRefusesABadExtensionNameNamingIt() throws IOException {
      TestPackages packages = new TestPackages(dir);
      Path payload = packages.randomFile(10, 1);

      assertThatThrownBy(() -> UpdatePackage.builder().extension("../etc", UpdateVersion.parse("1.0.0"), payload))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../etc'");
      assertThatThrownBy(() -> UpdatePackage.builder().vmm(UpdateVersion.parse("1.0.0"), payload).writeTo(dir.resolve("p")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("expiry").hasMessageContaining("signing key");
    }
  }

  @Nested
  class Versions {
    @Test
    void compareNumerically() {
      assertThat(UpdateVersion.parse("1.10.0").isNewerThan(UpdateVersion.parse("1.9.9"))).isTrue();
      assertThat(UpdateVersion.parse("1.0.0").isNewerThan(UpdateVersion.parse("1.0.0"))).isFalse();
      assertThat(UpdateVersion.parse("0.0.1")).hasToString("0.0.1");
    }

    @Test
    void parseRefusesAnythingButThreeNumbers() {
      for (String bad : List.of("1.0", "1.0.0.0", "1.-1.0", "a.b.c", "1..0", " 1.0.0", "1.0.99999999999")) {
        assertThatThrownBy(() -> UpdateVersion.parse(bad)).as(bad)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
      }
    }
  }
}

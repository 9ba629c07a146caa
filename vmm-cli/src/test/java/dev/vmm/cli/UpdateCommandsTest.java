package dev.vmm.cli;

import static dev.vmm.cli.VmmMainTest.vmm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.cli.VmmMainTest.Outcome;
import dev.vmm.update.PackageVerifier;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCommandsTest {
  @TempDir Path dir;

  @Nested
  class KeysGenerate {
    @Test
    void writesAKeyPairAndPrintsItsId() {
      Outcome outcome = vmm("keys", "generate", "--private", dir.resolve("k.key").toString(),
          "--public", dir.resolve("k.pub").toString());

      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.out()).startsWith("generated key ");
      assertThat(dir.resolve("k.key")).exists();
      assertThat(dir.resolve("k.pub")).exists();
    }

    @Test
    void neverOverwritesAnExistingKey() throws Exception {
      Files.writeString(dir.resolve("k.key"), "precious");

      Outcome outcome = vmm("keys", "generate", "--private", dir.resolve("k.key").toString(),
          "--public", dir.resolve("k.pub").toString());

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.err()).contains("k.key exists");
      assertThat(Files.readString(dir.resolve("k.key"))).isEqualTo("precious");
    }

    @Test
    void withoutASubcommandSaysWhichIsMissing() {
      Outcome outcome = vmm("keys");

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("Missing command").contains("Usage: vmm keys");
    }
  }

  @Nested
  class UpdatePack {
    @Test
    void buildsAPackageTheVmmsVerifierAccepts() throws Exception {
      vmm("keys", "generate", "--private", dir.resolve("k.key").toString(),
          "--public", dir.resolve("k.pub").toString());
      Path vmmZip = Files.write(dir.resolve("vmm.zip"), new byte[] {1, 2, 3});
      Path extension = Files.write(dir.resolve("ext.bin"), new byte[] {4, 5});
      Path output = dir.resolve("update.pkg");

      Outcome outcome = vmm("update", "pack", "--key", dir.resolve("k.key").toString(),
          "--vmm-version", "1.2.3", "--vmm-payload", vmmZip.toString(),
          "--extension", "updater=2.0.0:" + extension, "-o", output.toString());

      assertThat(outcome.exitCode()).as(outcome.err()).isZero();
      assertThat(outcome.out()).contains("VMM 1.2.3").contains("1 extension update(s)");
      UpdatePackage pkg = UpdatePackage.open(output);
      pkg.verifyPayloads();
      PackageVerifier verifier = new PackageVerifier(
          TrustRoot.load(1, List.of(dir.resolve("k.pub"))), Clock.systemUTC(), 1 << 20);
      assertThat(verifier.verify(pkg.signedHeader(), new UpdateVersion(1, 0, 0))
          .vmm().version()).isEqualTo(new UpdateVersion(1, 2, 3));
    }

    @Test
    void aMalformedExtensionIsAUsageErrorNamingIt() throws Exception {
      vmm("keys", "generate", "--private", dir.resolve("k.key").toString(),
          "--public", dir.resolve("k.pub").toString());
      Path vmmZip = Files.write(dir.resolve("vmm.zip"), new byte[] {1});

      Outcome outcome = vmm("update", "pack", "--key", dir.resolve("k.key").toString(),
          "--vmm-version", "1.0.1", "--vmm-payload", vmmZip.toString(),
          "--extension", "updater-2.0.0", "-o", dir.resolve("u.pkg").toString());

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("'updater-2.0.0' is not NAME=X.Y.Z:FILE");
    }

    @Test
    void aBadVersionIsAUsageErrorNamingIt() {
      Outcome outcome = vmm("update", "pack", "--key", "k", "--vmm-version", "one",
          "--vmm-payload", "p", "-o", "o");

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("one");
    }
  }
}

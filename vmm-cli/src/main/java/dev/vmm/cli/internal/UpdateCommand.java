package dev.vmm.cli.internal;

import dev.vmm.update.PackageBuilder;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.SigningKey;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmm update}: building signed update packages. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds signed update packages (docs/update-package.md) and applies them through a guest.",
    subcommands = {UpdateCommand.Pack.class, UpdateStatusCommand.class, UpdateApplyCommand.class,
        UpdateRollbackCommand.class})
public final class UpdateCommand implements Runnable {
  @ParentCommand VmmCommand root;

  @Override
  public void run() {
    root.missingSubcommand("update", "vmm update pack --help");
  }

  /** {@code vmm update pack}: one package file from payloads and a key. */
  @Command(
      name = "pack",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Builds and signs an update package: a VMM update and any guest-extension"
          + " updates, with an expiry time.")
  static final class Pack implements Callable<Integer> {
    @ParentCommand UpdateCommand update;

    @Option(names = "--key", required = true, paramLabel = "FILE",
        description = "Private key file (from 'vmm keys generate'); repeat to sign with several.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--vmm-version", required = true, paramLabel = "X.Y.Z",
        converter = UpdateVersionConverter.class, description = "Version of the VMM update.")
    UpdateVersion vmmVersion;

    @Option(names = "--vmm-payload", required = true, paramLabel = "ZIP",
        description = "The VMM update: a zip of jars providing VMM services.")
    Path vmmPayload;

    @Option(names = "--extension", paramLabel = "NAME=X.Y.Z:FILE",
        description = "A guest-extension update; repeat for several.")
    List<String> extensions = new ArrayList<>();

    @Option(names = "--expires-in", paramLabel = "DURATION", defaultValue = "P30D",
        description = "How long the package stays installable, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration expiresIn;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
        description = "The package file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
      Console console = update.root.console();
      PackageBuilder builder = UpdatePackage.builder()
          .vmm(vmmVersion, vmmPayload)
          .expiresAt(Instant.now().plus(expiresIn));
      for (String extension : extensions) {
        int equals = extension.indexOf('=');
        int colon = extension.indexOf(':', equals + 1);
        if (equals <= 0 || colon < 0) {
          console.err().println("vmm update pack: --extension '" + extension
              + "' is not NAME=X.Y.Z:FILE");
          return 2;
        }
        builder.extension(extension.substring(0, equals),
            UpdateVersion.parse(extension.substring(equals + 1, colon)),
            Path.of(extension.substring(colon + 1)));
      }
      for (Path key : keys) {
        builder.signedBy(SigningKey.load(key));
      }
      PackageManifest manifest = builder.writeTo(output);
      console.out().println("wrote " + output + ": package " + manifest.packageId() + ", VMM "
          + manifest.vmm().version() + ", " + manifest.extensions().size()
          + " extension update(s), expires " + manifest.expiresAt() + ", manifest sha256 "
          + manifest.digest());
      return 0;
    }
  }
}

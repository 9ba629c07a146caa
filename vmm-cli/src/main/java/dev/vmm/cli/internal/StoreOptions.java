package dev.vmm.cli.internal;

import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.dagger.UpdateSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The VMM's update store and its own trust root: what every {@code vmm update} store command opens. */
final class StoreOptions {
  @Option(names = "--store", required = true, paramLabel = "DIR",
      description = "The VMM's update store (docs/update-store.md); created if missing.")
  Path store;

  @Option(names = "--trust", required = true, paramLabel = "KEY.pub",
      description = "A public key the VMM trusts; repeat for several.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--threshold", defaultValue = "1", paramLabel = "N",
      description = "How many distinct trusted keys must sign (default: ${DEFAULT-VALUE}).")
  int threshold;

  @Option(names = "--factory-version", defaultValue = "0.1.0", paramLabel = "X.Y.Z",
      converter = UpdateVersionConverter.class,
      description = "The version of the services this VMM ships with (default: ${DEFAULT-VALUE}).")
  UpdateVersion factoryVersion;

  /** The graph of this store: its VMM and the store itself, opened when first asked for. */
  UpdateComponent component(CliComponent root) throws IOException {
    return root.update().create(
        new UpdateSettings(store, TrustRoot.load(threshold, trust), factoryVersion));
  }
}

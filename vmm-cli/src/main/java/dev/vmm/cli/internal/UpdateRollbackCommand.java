package dev.vmm.cli.internal;

import dev.vmm.update.UpdateStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code vmm update rollback}: back to the previous VMM version. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Returns the VMM to its previous version (one step back is kept).")
final class UpdateRollbackCommand implements Callable<Integer> {
  @ParentCommand UpdateCommand update;
  @Mixin StoreOptions options;

  @Override
  public Integer call() throws IOException {
    Console console = update.root.console();
    try (UpdateStore store = options.component(update.root.component()).openStore()) {
      if (!store.status().canRollBack()) {
        console.err().println("vmm update rollback: VMM " + store.status().activeVersion()
            + " is active and there is no previous version to roll back to");
        return 1;
      }
      console.out().println("rolled back");
      UpdateStatusCommand.print(store.rollback(), console.out());
    }
    return 0;
  }
}

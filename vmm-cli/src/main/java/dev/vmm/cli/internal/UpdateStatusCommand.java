package dev.vmm.cli.internal;

import dev.vmm.update.InstalledUpdate;
import dev.vmm.update.StagedUpdate;
import dev.vmm.update.UpdateStatus;
import dev.vmm.update.UpdateStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code vmm update status}: what the VMM runs, what it could roll back to, what is staged. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Shows the active VMM version, the rollback target, and any staged update.")
final class UpdateStatusCommand implements Callable<Integer> {
  @ParentCommand UpdateCommand update;
  @Mixin StoreOptions options;

  @Override
  public Integer call() throws IOException {
    try (UpdateStore store = options.component(update.root.component()).openStore()) {
      print(store.status(), update.root.console().out());
    }
    return 0;
  }

  static void print(UpdateStatus status, PrintStream out) {
    out.println("active:   VMM " + status.activeVersion()
        + status.installed().map(UpdateStatusCommand::describe).orElse(" (factory)"));
    out.println("previous: " + (status.canRollBack()
        ? status.previous().map(i -> "VMM " + i.version() + describe(i)).orElse("the factory version")
        : "none"));
    out.println("staged:   " + status.staged().map(UpdateStatusCommand::describe).orElse("nothing"));
    status.lastRollback().ifPresent(reason -> out.println("last rollback: " + reason));
  }

  private static String describe(InstalledUpdate installed) {
    return " (package " + installed.packageId() + ", manifest " + installed.manifestDigest().substring(0, 12) + ")";
  }

  private static String describe(StagedUpdate staged) {
    return "VMM " + staged.manifest().vmm().version() + ", " + staged.heldLength() + " of "
        + staged.manifest().vmm().length() + " bytes" + (staged.complete() ? ", complete" : "");
  }
}

package dev.vmm.cli.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HostChannel;
import dev.vmm.core.Vmm;
import dev.vmm.update.GuestUpdatePhase;
import dev.vmm.update.GuestUpdater;
import dev.vmm.update.UpdateStore;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmm update apply}: runs a guest with the updater over a source, as a deployed VMM does,
 * and waits for it to finish one package. The VMM side verifies everything itself.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs a guest with the updater: it takes a package from a directory or a URL,"
        + " transfers the VMM part down, applies the extension updates, and commits.")
final class UpdateApplyCommand implements Callable<Integer> {
  @ParentCommand UpdateCommand update;
  @Mixin StoreOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--from-dir", paramLabel = "DIR", description = "A directory the guest takes packages from.")
    Path dir;

    @Option(names = "--from-url", paramLabel = "URL", description = "An http(s) URL the guest downloads from.")
    URI url;
  }

  @Option(names = "--guest-home", paramLabel = "DIR",
      description = "The updater's own files inside the guest (default: STORE/guest-updater).")
  Path guestHome;

  @Option(names = "--timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "How long to wait for the update, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    Console console = update.root.console();
    ProgressPrinter printer = new ProgressPrinter(console.out(), System.console() != null);
    Path home = guestHome != null ? guestHome : options.store.resolve("guest-updater");
    UpdateComponent component = options.component(update.root.component());
    try (UpdateStore store = component.openStore(); Vmm vmm = component.vmm()) {
      GuestConfig.Builder config = GuestConfig.builder("updater").memorySize(32 << 20)
          .extensions(GuestUpdater.NAME).setting(GuestUpdater.HOME, home.toString())
          .setting(GuestUpdater.POLL_MILLIS, "100").stdout(OutputStream.nullOutputStream())
          .stderr(console.err());
      if (source.dir != null) {
        config.setting(GuestUpdater.SOURCE_DIR, source.dir.toString());
      } else {
        config.setting(GuestUpdater.SOURCE_URL, source.url.toString());
      }
      Guest guest = vmm.create(config.build());
      HostChannel progress = vmm.openChannel(guest, GuestUpdater.PROGRESS_CHANNEL, 64 << 10);
      vmm.start(guest);
      GuestUpdatePhase end = GuestUpdater.follow(progress, printer, timeout);
      printer.endBar();
      if (end == null) {
        console.err().println("vmm update apply: no update finished within " + timeout);
        return 1;
      }
      UpdateStatusCommand.print(store.status(), console.out());
      return end == GuestUpdatePhase.COMMITTED ? 0 : 1;
    }
  }
}

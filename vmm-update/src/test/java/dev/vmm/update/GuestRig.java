package dev.vmm.update;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HostChannel;
import dev.vmm.core.Vmm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A VMM with the update hypercalls over a store, and guests running the updater: what the tests
 * of the whole path (guest source to VMM commit) share.
 */
final class GuestRig implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  final StoreFixture fixture;
  final Path home;
  final Path inbox;
  final UpdateStore store;
  final Vmm vmm;
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  GuestRig(Path dir) throws IOException {
    this(new StoreFixture(dir), dir);
  }

  GuestRig(StoreFixture fixture, Path dir) throws IOException {
    this.fixture = fixture;
    this.home = dir.resolve("guest-home");
    this.inbox = dir.resolve("guest-inbox");
    Files.createDirectories(inbox);
    this.store = fixture.open();
    this.vmm = UpdateHypercalls.build(Vmm.builder(), store);
  }

  GuestConfig.Builder config(String name) {
    return GuestConfig.builder(name).memorySize(32 << 20).tagSeed(name.hashCode())
        .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
  }

  /** A guest running the updater over the inbox, started, with its progress channel. */
  HostChannel startUpdater(String extension, String sourceKey, String source) {
    return startUpdater(extension, java.util.Map.of(sourceKey, source));
  }

  /** Starts an updater guest with these settings besides its home and a 20 ms poll. */
  HostChannel startUpdater(String extension, java.util.Map<String, String> settings) {
    GuestConfig.Builder config = config("updater-guest").extensions(extension)
        .setting(GuestUpdater.HOME, home.toString()).setting(GuestUpdater.POLL_MILLIS, "20");
    settings.forEach(config::setting);
    Guest guest = vmm.create(config.build());
    HostChannel progress = vmm.openChannel(guest, GuestUpdater.PROGRESS_CHANNEL, 4096);
    vmm.start(guest);
    return progress;
  }

  HostChannel startUpdater() {
    return startUpdater(GuestUpdater.NAME, GuestUpdater.SOURCE_DIR, inbox.toString());
  }

  /** Waits for the updater to finish a package; records every phase as "PHASE detail". */
  GuestUpdatePhase follow(HostChannel progress) throws InterruptedException {
    return GuestUpdater.follow(progress, new GuestUpdateListener() {
      @Override
      public void phase(GuestUpdatePhase phase, String detail) {
        events.add(phase + " " + detail);
      }
    }, WAIT);
  }

  void drop(Path pkg) throws IOException {
    Files.copy(pkg, inbox.resolve(pkg.getFileName()));
  }

  String installedExtension(String name) throws IOException {
    Path version = home.resolve("extensions").resolve(name).resolve("version");
    return Files.exists(version) ? Files.readString(version, StandardCharsets.UTF_8).strip() : null;
  }

  @Override
  public void close() throws IOException {
    vmm.close();
    store.close();
  }
}

package dev.vmm.update;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HostChannel;
import dev.vmm.core.Vmm;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The process {@link GuestCrashTest} kills: a VMM over the store and one guest running the
 * {@link CrashableUpdater}, which stops at the crash point (system property
 * {@value CrashableUpdater#POINT}).
 *
 * <p>Arguments: store root, trusted public key file, updater home, source setting key, source.
 */
public final class GuestCrashChild {
  private GuestCrashChild() {}

  public static void main(String[] args) throws Exception {
    try (UpdateStore store = UpdateStore.builder(Path.of(args[0]))
            .trustRoot(TrustRoot.load(1, List.of(Path.of(args[1]))))
            .factoryVersion(StoreFixture.FACTORY).clock(TestPackages.CLOCK).open();
        Vmm vmm = UpdateHypercalls.build(Vmm.builder(), store)) {
      Guest guest = vmm.create(GuestConfig.builder("updater-guest").memorySize(32 << 20)
          .extensions(CrashableUpdater.NAME).setting(GuestUpdater.HOME, args[2]).setting(args[3], args[4])
          .setting(GuestUpdater.POLL_MILLIS, "20")
          .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream()).build());
      HostChannel progress = vmm.openChannel(guest, GuestUpdater.PROGRESS_CHANNEL, 4096);
      vmm.start(guest);
      GuestUpdatePhase end = GuestUpdater.follow(progress, new GuestUpdateListener() {}, Duration.ofSeconds(30));
      System.out.println("FINISHED with " + end + " without reaching the crash point");
    }
  }
}

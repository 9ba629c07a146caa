package dev.vmm.update;

import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link CrashRecoveryTest} kills: it opens a store, stages and commits a package, and
 * at the named crash point prints {@code READY} and waits there, inside the store's own call, for
 * its SIGKILL.
 *
 * <p>Arguments: store root, trusted public key file, package file, crash point.
 */
public final class CrashChild {
  /** Where the child stops; {@link #MID_TRANSFER} after this many payload bytes are held. */
  enum Point { MID_TRANSFER, AFTER_STAGING, MID_COMMIT, BEFORE_HEALTH_CHECK }

  static final int CHUNK = 1000;
  static final long MID_TRANSFER_HELD = 3 * CHUNK;

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    TrustRoot trustRoot = TrustRoot.load(1, List.of(Path.of(args[1])));
    Path packageFile = Path.of(args[2]);
    Point point = Point.valueOf(args[3]);
    UpdateListener stopper = new UpdateListener() {
      @Override
      public void chunkStaged(long heldLength, long length) {
        if (point == Point.MID_TRANSFER && heldLength == MID_TRANSFER_HELD) {
          waitForTheKill();
        }
      }

      @Override
      public void phase(UpdatePhase phase, UpdateVersion version) {
        if ((point == Point.AFTER_STAGING && phase == UpdatePhase.STAGED)
            || (point == Point.MID_COMMIT && phase == UpdatePhase.UNPACKED)
            || (point == Point.BEFORE_HEALTH_CHECK && phase == UpdatePhase.HEALTH_CHECK)) {
          waitForTheKill();
        }
      }
    };
    try (UpdateStore store = UpdateStore.builder(root).trustRoot(trustRoot).factoryVersion(StoreFixture.FACTORY)
        .clock(TestPackages.CLOCK).listener(stopper).open()) {
      StagingSession session = store.beginStaging(UpdatePackage.open(packageFile).signedHeader());
      byte[] payload = StoreFixture.payload(packageFile);
      StoreFixture.send(session, payload, 0, payload.length, CHUNK);
      store.commit(session.complete().manifestDigest());
    }
    System.out.println("FINISHED without reaching " + point);
  }

  private static void waitForTheKill() {
    System.out.println("READY");
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

package dev.vmm.update;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.update.internal.guest.UpdaterExtension;

/**
 * The updater with a probe that stops its guest's process at the step named by the system property
 * {@value #POINT}: it prints {@code READY} and waits there for {@link GuestCrashTest}'s SIGKILL.
 * Found through {@code META-INF/services} on the class path of {@link GuestCrashChild} only.
 */
public final class CrashableUpdater implements GuestExtension {
  static final String NAME = "crashable-updater";
  static final String POINT = "crash.point";

  private final UpdaterExtension updater = new UpdaterExtension(CrashableUpdater::reached);

  /** Made by {@link java.util.ServiceLoader}. */
  public CrashableUpdater() {}

  private static void reached(String step) {
    String point = System.getProperty(POINT, "");
    boolean here = point.startsWith("downloaded>")
        ? step.startsWith("downloaded ") && Long.parseLong(step.substring(11)) >= Long.parseLong(point.substring(11))
        : step.equals(point);
    if (here) {
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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(GuestExtensionContext context) throws Exception {
    updater.start(context);
  }

  @Override
  public void stop() {
    updater.stop();
  }
}

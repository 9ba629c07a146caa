package dev.vmm.update;

import dev.vmm.core.HostChannel;
import dev.vmm.update.internal.ProgressDecoder;
import java.time.Duration;

/**
 * The updater that runs inside a guest, as a {@link dev.vmm.core.GuestExtension} named
 * {@value #NAME}: it takes packages from an update source in the guest (a directory it watches, or
 * an HTTP(S) URL it downloads from, resuming with Range requests), checks them, transfers the VMM
 * part down ({@link UpdateAbi}), applies the guest-extension updates all or nothing, and then asks
 * the VMM to commit. It is configured through the guest's settings:
 * {@snippet :
 * Guest guest = vmm.create(GuestConfig.builder("updater-guest").memorySize(64 << 20)
 *     .extensions(GuestUpdater.NAME)
 *     .setting(GuestUpdater.HOME, "/var/lib/guest/updater")     // its own files
 *     .setting(GuestUpdater.SOURCE_DIR, "/var/lib/guest/inbox")  // or SOURCE_URL
 *     .build());
 * HostChannel progress = vmm.openChannel(guest, GuestUpdater.PROGRESS_CHANNEL, 4096);
 * vmm.start(guest);
 * GuestUpdater.follow(progress, listener, Duration.ofMinutes(10));
 * }
 */
public final class GuestUpdater {
  /** The extension's name, for {@code GuestConfig.Builder.extensions}. */
  public static final String NAME = "updater";
  /** Setting: the updater's own directory (downloads, installed extensions, its apply journal); required. */
  public static final String HOME = "updater.home";
  /** Setting: a directory to take package files from; each is moved to {@code HOME/done} after. */
  public static final String SOURCE_DIR = "updater.source.dir";
  /** Setting: an http or https URL to download one package from, resuming after interruptions. */
  public static final String SOURCE_URL = "updater.source.url";
  /** Setting: how often to look at the source, in milliseconds (default 500). */
  public static final String POLL_MILLIS = "updater.poll.millis";
  /**
   * Setting: public key files (comma-separated) for the guest's own early check; without it the
   * guest checks only payload digests, and the VMM's own verification decides.
   */
  public static final String TRUST = "updater.trust";
  /**
   * Setting: a PEM file of the certificates an https source's server must chain to (a private
   * CA, a self-signed server); without it the JVM's default trust store decides.
   */
  public static final String TLS_TRUST = "updater.tls.trust";
  /** The channel the updater reports progress on, if the host opened it for the guest. */
  public static final String PROGRESS_CHANNEL = "vmm-update/progress";

  private GuestUpdater() {}

  /**
   * Reads an updater's progress channel and tells a listener, until the updater reports that a
   * package is done ({@link GuestUpdatePhase#COMMITTED}, {@link GuestUpdatePhase#ROLLED_BACK} or
   * {@link GuestUpdatePhase#FAILED}), the channel ends, or the time is up. Lines the guest garbles
   * are skipped.
   *
   * @param channel the host's end of {@link #PROGRESS_CHANNEL}
   * @param listener who hears it
   * @param timeout how long to wait at most
   * @return the phase that ended the package, or null if none did in time
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public static GuestUpdatePhase follow(HostChannel channel, GuestUpdateListener listener, Duration timeout)
      throws InterruptedException {
    return new ProgressDecoder(channel, listener).follow(timeout);
  }
}

package dev.vmm.update.internal.guest;

import dev.vmm.core.GuestChannel;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.update.GuestUpdatePhase;
import dev.vmm.update.GuestUpdater;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Guest side of the progress channel: each phase and byte count as a line (format in
 * {@link dev.vmm.update.internal.ProgressDecoder}), and in the guest's log (at DEBUG when the host
 * hears the channel, at INFO when the host offered none). Progress lines are dropped rather than waited for when
 * the host reads slowly; phase lines wait a little, since the host's waiting ends on them.
 */
final class ProgressReporter implements AutoCloseable {
  private final System.Logger log;
  private final GuestChannel channel;

  ProgressReporter(GuestExtensionContext context) {
    this.log = context.logger();
    GuestChannel opened;
    try {
      opened = context.openChannel(GuestUpdater.PROGRESS_CHANNEL, 4096);
    } catch (HypercallException e) {
      opened = null;
    }
    this.channel = opened;
  }

  void phase(GuestUpdatePhase phase, String detail) {
    String oneLine = detail.replace('\n', ' ');
    // With a channel the host shows the phases itself; the log then keeps them out of its way.
    System.Logger.Level level = phase == GuestUpdatePhase.FAILED ? System.Logger.Level.WARNING
        : channel != null ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
    log.log(level, phase + " " + oneLine);
    send("P " + phase + " " + oneLine + "\n", true);
  }

  void progress(GuestUpdatePhase phase, long done, long total) {
    send("B " + phase + " " + done + " " + total + "\n", false);
  }

  private void send(String line, boolean wait) {
    if (channel == null) {
      return;
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    int off = 0;
    int tries = 0;
    while (off < bytes.length) {
      long n = channel.write(bytes, off, bytes.length - off);
      if (n > 0) {
        off += (int) n;
      } else if (n == HypercallError.AGAIN.code() && (wait || off > 0) && tries++ < 100) {
        try {
          channel.writable().get(100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      } else {
        return;
      }
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close();
    }
  }
}

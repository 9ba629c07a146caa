package dev.vmm.cli.internal;

import dev.vmm.update.GuestUpdateListener;
import dev.vmm.update.GuestUpdatePhase;
import java.io.PrintStream;

/**
 * Shows a guest updater's progress: on a terminal, a bar redrawn in place; otherwise a plain line
 * per phase and per quarter of the bytes, so a log stays readable.
 */
final class ProgressPrinter implements GuestUpdateListener {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private boolean barShown;
  private long lastQuarter = -1;

  ProgressPrinter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void phase(GuestUpdatePhase phase, String detail) {
    endBar();
    lastQuarter = -1;
    out.println("updater: " + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (detail.isEmpty() ? "" : ": " + detail));
  }

  @Override
  public synchronized void progress(GuestUpdatePhase phase, long done, long total) {
    String what = phase == GuestUpdatePhase.DOWNLOADING ? "downloading" : "transferring";
    if (terminal) {
      out.print("\r" + bar(done, total) + " " + what);
      out.flush();
      barShown = true;
      return;
    }
    long quarter = total > 0 ? done * 4 / total : -1;
    if (quarter != lastQuarter) {
      lastQuarter = quarter;
      out.println("updater: " + what + " " + mebibytes(done) + (total > 0 ? " of " + mebibytes(total) : ""));
    }
  }

  /** Ends the bar's line, so what follows starts on a line of its own. */
  synchronized void endBar() {
    if (barShown) {
      out.println();
      barShown = false;
    }
  }

  static String bar(long done, long total) {
    if (total <= 0) {
      return "[" + " ".repeat(WIDTH) + "] " + mebibytes(done);
    }
    int filled = (int) Math.min(WIDTH, done * WIDTH / total);
    return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (done * 100 / total) + "% "
        + mebibytes(done) + " of " + mebibytes(total);
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}

package dev.vmm.update;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * REPORT(value): a machine-code guest tells the test what its last hypercall returned. Keeps each
 * value that differs from the one before, so a guest calling in a loop leaves the sequence of
 * answers it met; returns 1 once the test asks the guest to stop, else 0.
 */
final class GuestReports implements HypercallService {
  static final long REPORT = HypercallAbi.BASE + 0x900;

  private final List<Long> changes = new ArrayList<>();
  private volatile boolean stop;

  @Override
  public String name() {
    return "test.reports";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(REPORT, "report", (context, a0, a1, a2, a3, a4, a5) -> {
      record(a0);
      return stop ? 1 : 0;
    });
  }

  private synchronized void record(long value) {
    if (changes.isEmpty() || changes.getLast() != value) {
      changes.add(value);
      notifyAll();
    }
  }

  /** Waits until the guest reports this value (a deadline, not a timing assertion). */
  synchronized void await(long value, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!changes.contains(value)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the guest never reported " + value + "; it reported " + changes);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized List<Long> changes() {
    return List.copyOf(changes);
  }

  void stop() {
    stop = true;
  }
}

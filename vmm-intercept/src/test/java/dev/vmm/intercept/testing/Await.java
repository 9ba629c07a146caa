package dev.vmm.intercept.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that other threads make true; a generous bound only stops a hung test. */
public final class Await {
  private static final long BOUND_NANOS = 30_000_000_000L;

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, () -> "");
  }

  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + BOUND_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what + " " + state.get());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}

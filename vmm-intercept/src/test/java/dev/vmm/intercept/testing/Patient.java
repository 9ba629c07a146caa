package dev.vmm.intercept.testing;

import dev.vmm.intercept.Interceptor;
import java.time.Duration;

/**
 * Interceptors for tests that check what the chain decides, not the deadline: a shared, loaded
 * machine can stall a cold guest past the default 50 ms, and the failure policy would then decide
 * instead. Tests of the deadline set a short one explicitly.
 */
public final class Patient {
  private Patient() {}

  public static Interceptor.Builder interceptor() {
    return Interceptor.builder().deadline(Duration.ofSeconds(20));
  }
}

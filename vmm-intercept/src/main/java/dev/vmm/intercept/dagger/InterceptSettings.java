package dev.vmm.intercept.dagger;

import dev.vmm.intercept.FailurePolicy;
import dev.vmm.intercept.ChainPlacement;
import dev.vmm.intercept.Interceptor;
import dev.vmm.intercept.ModuleSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One listener's interception as configured: the input {@link InterceptModule} needs, bound with
 * {@code @BindsInstance}. The in-flight and UDP limits are {@link Interceptor#builder()}'s
 * defaults.
 *
 * @param listener the listener's name; flows carry it, and the in-process guest is named
 *     {@code intercept-<listener>}
 * @param chain the guest modules, in the order they see each chunk
 * @param placement where the guest that runs the chain lives
 * @param deadline how long the guest may take per chunk before the failure policy decides
 * @param failurePolicy what a slow, failing or dead guest means for the chunk
 */
public record InterceptSettings(String listener, List<ModuleSpec> chain, ChainPlacement placement,
    Duration deadline, FailurePolicy failurePolicy) {
  /**
   * Checks every part and copies the chain.
   *
   * @throws NullPointerException naming the missing part
   * @throws IllegalArgumentException if the deadline is not positive
   */
  public InterceptSettings {
    Objects.requireNonNull(listener, "listener");
    chain = List.copyOf(chain);
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
  }

  /**
   * Settings with {@link Interceptor#builder()}'s defaults for all but the listener and chain:
   * in-process, 50 ms, fail-open.
   *
   * @param listener the listener's name
   * @param chain the guest modules, in order
   * @return the settings
   */
  public static InterceptSettings of(String listener, List<ModuleSpec> chain) {
    return new InterceptSettings(listener, chain, ChainPlacement.inProcess(), Duration.ofMillis(50),
        FailurePolicy.FAIL_OPEN);
  }
}

package dev.vmm.intercept;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the guest that runs a chain lives. (Not vmm-core's {@code GuestPlacement}, which decides
 * where a vmm-core guest's hart loop runs: that has only the in-process kind, so a child JVM here
 * runs the chain engine itself, not a vmm-core guest.)
 *
 * <p>{@link InProcess} runs the modules in a vmm-core guest of the host JVM (the guest's
 * {@code intercept-chain} extension runs the chain on the guest's threads, never on a Netty event
 * loop, and modules read each chunk through a read-only view of the host's buffer, not a copy):
 * the fastest choice and the default. {@link ChildJvm} runs them in a child JVM connected
 * over a Unix domain socket (protocol: docs/intercept-protocol.md): a module that crashes or
 * exhausts its JVM cannot take the host down, and a dead or unresponsive child is restarted.
 */
public sealed interface ChainPlacement {

  /**
   * Returns the default placement: in the host JVM, on one guest thread per available core
   * (at least one).
   *
   * @return the in-process placement
   */
  static ChainPlacement inProcess() {
    return new InProcess(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Returns a child-JVM placement with the default heartbeat (100 ms) and unresponsiveness
   * deadline (1 s), started with the host's class path and no extra JVM options.
   *
   * @return the child-JVM placement
   */
  static ChainPlacement childJvm() {
    return new ChildJvm(List.of(), Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  /**
   * Modules run in a vmm-core guest in the host JVM.
   *
   * @param threads how many guest threads run modules; a flow is served by one at a time
   */
  record InProcess(int threads) implements ChainPlacement {
    /**
     * Checks the thread count.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public InProcess {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
    }
  }

  /**
   * Modules run in a child JVM that the interceptor starts, watches and restarts.
   *
   * @param jvmOptions extra options for the child's {@code java} command (for example {@code -Xmx64m})
   * @param heartbeat how often the host checks that the child answers
   * @param unresponsiveAfter how long the child may stay silent before the host kills and restarts
   *     it; a child that exits is noticed at once
   */
  record ChildJvm(List<String> jvmOptions, Duration heartbeat, Duration unresponsiveAfter)
      implements ChainPlacement {
    /**
     * Checks the durations and copies the options.
     *
     * @throws IllegalArgumentException if a duration is not positive or the heartbeat is not
     *     shorter than the deadline
     */
    public ChildJvm {
      jvmOptions = List.copyOf(jvmOptions);
      Objects.requireNonNull(heartbeat, "heartbeat");
      Objects.requireNonNull(unresponsiveAfter, "unresponsiveAfter");
      if (heartbeat.isNegative() || heartbeat.isZero()
          || unresponsiveAfter.compareTo(heartbeat) <= 0) {
        throw new IllegalArgumentException("need 0 < heartbeat < unresponsiveAfter, was heartbeat "
            + heartbeat + " and unresponsiveAfter " + unresponsiveAfter);
      }
    }
  }
}

package dev.vmm.intercept;

import dev.vmm.core.Vmm;
import dev.vmm.intercept.internal.ChildJvmGuest;
import dev.vmm.intercept.internal.GuestLink;
import dev.vmm.intercept.internal.InterceptorCore;
import dev.vmm.intercept.internal.VmmGuestLink;
import dev.vmm.intercept.internal.ModuleRegistry;
import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One listener's interception: its module chain, the guest that runs it, and the policies. A host
 * puts {@link #newHandler()} first in each channel's pipeline (TCP child channels or a UDP
 * channel); its own handlers then see only what the guest returned.
 *
 * <pre>{@code
 * Interceptor interceptor = Interceptor.builder()
 *     .listener("web")
 *     .module(ModuleSpec.of("firewall", Map.of("deny", "10.0.0.0/8")))
 *     .failurePolicy(FailurePolicy.FAIL_CLOSED)
 *     .build();
 * ch.pipeline().addFirst("intercept", interceptor.newHandler());
 * }</pre>
 *
 * <p><b>Backpressure.</b> A flow's bytes count as in flight from the read until the guest has both
 * decided them and let go of its view of them. Above {@link Builder#maxInFlightBytesPerFlow} for
 * the flow, or {@link Builder#maxInFlightBytesTotal} for all flows, the handler turns the channel's
 * {@code autoRead} off, and back on below half of both. A chunk keeps the buffer it was read into
 * unless it fills less than half of it (then it moves to a buffer of its own size), so memory
 * stays bounded by twice the limits plus one read per channel. A host that toggles {@code autoRead} itself on an intercepted channel
 * may resume reading that the handler paused.
 *
 * <p>Thread-safe; {@link #close()} stops the guest.
 */
public final class Interceptor implements AutoCloseable {
  private final InterceptorCore core;

  private Interceptor(InterceptorCore core) {
    this.core = core;
  }

  /**
   * Returns a builder with the defaults: listener {@code "default"}, empty chain, in-process guest,
   * 50 ms deadline, fail-open, 1 MiB in flight per flow and 64 MiB in total, 4096 UDP flows per
   * channel.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the names of the guest modules that {@link java.util.ServiceLoader} finds.
   *
   * @return the provider names, sorted
   */
  public static List<String> availableModules() {
    return ModuleRegistry.names();
  }

  /**
   * Returns a new handler for one channel; put it first in the pipeline, before the channel is
   * active.
   *
   * @return the handler (not sharable)
   */
  public ChannelHandler newHandler() {
    return core.newHandler();
  }

  /**
   * Returns a snapshot of the counters: outcomes, latency, in-flight bytes, guest restarts.
   *
   * @return the snapshot
   */
  public InterceptMetrics metrics() {
    return core.metrics();
  }

  /**
   * Returns the process id of the child JVM serving the chain now.
   *
   * @return the child's pid; empty for an in-process guest, or while a child restarts
   */
  public OptionalLong guestProcessId() {
    long pid = core.guestProcessId();
    return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
  }

  /** Stops the guest (a child JVM is killed); handlers still running apply the failure policy. */
  @Override
  public void close() {
    core.close();
  }

  /** Configures an {@link Interceptor}; every setter checks its argument. */
  public static final class Builder {
    private String listener = "default";
    private final List<ModuleSpec> chain = new ArrayList<>();
    private ChainPlacement placement = ChainPlacement.inProcess();
    private Vmm vmm;
    private Duration deadline = Duration.ofMillis(50);
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
    private long maxInFlightPerFlow = 1 << 20;
    private long maxInFlightTotal = 64 << 20;
    private int maxUdpFlows = 4096;

    private Builder() {}

    /**
     * Names the listener; flows carry it in {@link Flow#listener()}.
     *
     * @param name the listener name
     * @return this builder
     */
    public Builder listener(String name) {
      this.listener = Objects.requireNonNull(name, "listener");
      return this;
    }

    /**
     * Appends a module to the chain; modules see each chunk in the order they were added.
     *
     * @param spec the module
     * @return this builder
     */
    public Builder module(ModuleSpec spec) {
      chain.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /**
     * Appends modules to the chain.
     *
     * @param specs the modules, in order
     * @return this builder
     */
    public Builder modules(List<ModuleSpec> specs) {
      specs.forEach(this::module);
      return this;
    }

    /**
     * Chooses where the guest runs.
     *
     * @param placement in process (default) or a child JVM
     * @return this builder
     */
    public Builder placement(ChainPlacement placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /**
     * Places the in-process guest in this VMM instead of one the interceptor makes for itself; the
     * guest is named {@code intercept-<listener>} and the interceptor destroys it on close.
     *
     * @param vmm the VMM, which the caller keeps and closes
     * @return this builder
     */
    public Builder vmm(Vmm vmm) {
      this.vmm = Objects.requireNonNull(vmm, "vmm");
      return this;
    }

    /**
     * Sets how long the guest may take per chunk before the failure policy decides it.
     *
     * @param deadline positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder deadline(Duration deadline) {
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * Sets what happens when the guest is slow, throws or is dead.
     *
     * @param policy fail-open (default) or fail-closed
     * @return this builder
     */
    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the in-flight bytes one flow (for UDP: one channel) may hold before reading pauses.
     *
     * @param bytes positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxInFlightBytesPerFlow(long bytes) {
      this.maxInFlightPerFlow = positive("maxInFlightBytesPerFlow", bytes);
      return this;
    }

    /**
     * Sets the in-flight bytes all flows together may hold before reading pauses everywhere.
     *
     * @param bytes positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxInFlightBytesTotal(long bytes) {
      this.maxInFlightTotal = positive("maxInFlightBytesTotal", bytes);
      return this;
    }

    /**
     * Sets how many remote addresses a UDP channel tracks as flows; beyond it the least recently
     * heard one is closed in the guest (its next datagram opens a new flow with fresh state).
     *
     * @param flows at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxUdpFlowsPerChannel(int flows) {
      this.maxUdpFlows = (int) positive("maxUdpFlowsPerChannel", flows);
      return this;
    }

    /**
     * Makes the chain's modules and starts the guest; a child JVM is running and has built the
     * chain when this returns.
     *
     * @return the interceptor
     * @throws IllegalArgumentException for an unknown module or bad module options
     * @throws IllegalStateException if a child JVM could not be started
     */
    public Interceptor build() {
      List<ModuleSpec> specs = List.copyOf(chain);
      GuestLink guest = switch (placement) {
        case ChainPlacement.InProcess inProcess ->
            VmmGuestLink.start(vmm, specs, listener, inProcess.threads());
        case ChainPlacement.ChildJvm child -> ChildJvmGuest.start(specs, listener, child);
      };
      return new Interceptor(new InterceptorCore(listener, guest, deadline.toNanos(),
          failurePolicy, maxInFlightPerFlow, maxInFlightTotal, maxUdpFlows));
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}

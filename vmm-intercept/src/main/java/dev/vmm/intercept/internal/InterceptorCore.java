package dev.vmm.intercept.internal;

import dev.vmm.intercept.FailurePolicy;
import dev.vmm.intercept.Flow;
import dev.vmm.intercept.InterceptMetrics;
import dev.vmm.intercept.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** What every handler of one interceptor shares: the guest, the policies, the budget, metrics. */
public final class InterceptorCore implements AutoCloseable {
  final String listener;
  final GuestLink guest;
  final long deadlineNanos;
  final FailurePolicy policy;
  final long maxInFlightPerFlow;
  final int maxUdpFlows;
  final InFlightBudget budget;
  final MetricsRecorder metrics = new MetricsRecorder();
  private final AtomicLong flowIds = new AtomicLong();

  /** Takes ownership of {@code guest}: closing the core closes it. */
  public InterceptorCore(String listener, GuestLink guest, long deadlineNanos,
      FailurePolicy policy, long maxInFlightPerFlow, long maxInFlightTotal, int maxUdpFlows) {
    this.listener = listener;
    this.guest = guest;
    this.deadlineNanos = deadlineNanos;
    this.policy = policy;
    this.maxInFlightPerFlow = maxInFlightPerFlow;
    this.maxUdpFlows = maxUdpFlows;
    this.budget = new InFlightBudget(maxInFlightTotal);
  }

  /** A new handler for one channel. */
  public InterceptHandler newHandler() {
    return new InterceptHandler(this);
  }

  Flow newFlow(Transport transport, InetSocketAddress local, InetSocketAddress remote) {
    return new Flow(flowIds.incrementAndGet(), listener, transport, local, remote);
  }

  /** A snapshot of the counters. */
  public InterceptMetrics metrics() {
    return metrics.snapshot(budget.total(), budget.peak(), guest.restarts());
  }

  /** The guest's process id, or -1 for a guest in the host's process. */
  public long guestProcessId() {
    return guest.processId();
  }

  @Override
  public void close() {
    guest.close();
  }
}

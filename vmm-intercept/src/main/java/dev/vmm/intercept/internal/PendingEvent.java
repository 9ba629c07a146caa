package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.Verdict;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;

/**
 * A flow opening or a chunk handed to the guest and not yet applied. Event-loop thread only.
 *
 * <p>Its bytes count as in flight until it is both applied (in flow order) and let go by the
 * guest: a guest that is slow past the deadline still holds its copy, and that copy counts.
 */
final class PendingEvent {
  final Flow flow;
  /** UDP only: the flow's state, which outlives its place in the handler's table. */
  final UdpFlow udpFlow;
  /** Null for a flow opening. */
  final byte[] data;
  /** UDP only: the datagram's addresses, for the forwarded packet and the reply. */
  final InetSocketAddress sender;
  final InetSocketAddress recipient;
  final long startNanos = System.nanoTime();
  ScheduledFuture<?> deadline;
  /** Set when decided: exactly one of the two. */
  Verdict verdict;
  Outcome failure;
  boolean guestDone;
  boolean applied;
  boolean released;

  PendingEvent(Flow flow, UdpFlow udpFlow, byte[] data, InetSocketAddress sender,
      InetSocketAddress recipient) {
    this.flow = flow;
    this.udpFlow = udpFlow;
    this.data = data;
    this.sender = sender;
    this.recipient = recipient;
  }

  boolean isOpen() {
    return data == null;
  }

  boolean decided() {
    return verdict != null || failure != null;
  }

  long size() {
    return data == null ? 0 : data.length;
  }
}

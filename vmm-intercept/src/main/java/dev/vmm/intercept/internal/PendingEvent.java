package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * A flow opening or a chunk handed to the guest and not yet applied. Apart from
 * {@link #answer}, event-loop thread only.
 *
 * <p>Two references hold a chunk's bytes: the handler's ({@link #data}, forwarded to the host's
 * handlers if the chain passes it, released otherwise) and the guest's ({@link #data()}, a
 * duplicate the guest reads and releases). The bytes count as in flight until the event is both
 * applied (in flow order) and let go by the guest: a guest that is slow past the deadline still
 * holds its reference, and that counts.
 */
final class PendingEvent implements GuestRequest {
  private final InterceptHandler handler;
  final Flow flow;
  /** UDP only: the flow's state, which outlives its place in the handler's table. */
  final UdpFlow udpFlow;
  /** The handler's reference; null for a flow opening, and once forwarded or released. */
  ByteBuf data;
  /** The guest's reference, taken by the guest on submission. */
  private final ByteBuf guestData;
  private final boolean opening;
  private final int size;
  /** UDP only: the datagram's addresses, for the forwarded packet and the reply. */
  final InetSocketAddress sender;
  final InetSocketAddress recipient;
  final long startNanos = System.nanoTime();
  final long deadlineNanos;
  /** Set when decided: exactly one of the two. */
  Verdict verdict;
  Outcome failure;
  /** The guest's answer, written on a guest thread and read on the event loop after hand-over. */
  Verdict answeredVerdict;
  RuntimeException answeredFailure;
  boolean guestDone;
  boolean applied;
  boolean released;

  PendingEvent(InterceptHandler handler, Flow flow, UdpFlow udpFlow, ByteBuf data,
      InetSocketAddress sender, InetSocketAddress recipient, long deadlineAfterNanos) {
    this.handler = handler;
    this.flow = flow;
    this.udpFlow = udpFlow;
    this.data = data;
    this.opening = data == null;
    this.size = data == null ? 0 : data.readableBytes();
    this.guestData = data == null ? null : data.retainedDuplicate();
    this.sender = sender;
    this.recipient = recipient;
    this.deadlineNanos = startNanos + deadlineAfterNanos;
  }

  @Override
  public long flowId() {
    return flow.id();
  }

  @Override
  public Flow opening() {
    return opening ? flow : null;
  }

  @Override
  public ByteBuf data() {
    return guestData;
  }

  @Override
  public void answer(Verdict verdict, RuntimeException failure) {
    answeredVerdict = verdict;
    answeredFailure = failure;
    handler.answered(this);
  }

  boolean isOpen() {
    return opening;
  }

  boolean decided() {
    return verdict != null || failure != null;
  }

  long size() {
    return size;
  }

  /** Hands the handler's reference on; the event no longer holds it. */
  ByteBuf takeData() {
    ByteBuf taken = data;
    data = null;
    return taken;
  }

  /** Releases the handler's reference, if it still holds it. */
  void releaseData() {
    if (data != null) {
      data.release();
      data = null;
    }
  }
}

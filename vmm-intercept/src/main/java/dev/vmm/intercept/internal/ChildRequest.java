package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** A request as the child JVM read it from the host: its answer goes back over the socket. */
final class ChildRequest implements GuestRequest {
  private final Channel channel;
  private final BurstMailbox<ByteBuf> answers;
  private final long requestId;
  private final long flowId;
  private final Flow opening;
  private final ByteBuf data;

  /**
   * Takes {@code data}, a slice of the received frame with a reference of its own; the answer is
   * posted to {@code answers}, which writes it to {@code channel} on its event loop.
   */
  ChildRequest(Channel channel, BurstMailbox<ByteBuf> answers, long requestId, long flowId,
      Flow opening, ByteBuf data) {
    this.channel = channel;
    this.answers = answers;
    this.requestId = requestId;
    this.flowId = flowId;
    this.opening = opening;
    this.data = data;
  }

  @Override
  public long flowId() {
    return flowId;
  }

  @Override
  public Flow opening() {
    return opening;
  }

  @Override
  public ByteBuf data() {
    return data;
  }

  @Override
  public void answer(Verdict verdict, RuntimeException failure) {
    answers.post(GuestProtocol.answer(channel.alloc(), requestId, verdict, failure),
        channel.eventLoop());
  }

  /** Drops a request never handed to the guest: the host is gone and wants no answer. */
  void discard() {
    if (data != null) {
      data.release();
    }
  }
}

package dev.vmm.intercept.internal;

import dev.vmm.intercept.FailurePolicy;
import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The head-of-pipeline handler: every inbound chunk is run through the guest's chain, and only
 * what the chain returns travels on to the host's handlers, in the order it was read. Not
 * sharable: one per channel.
 *
 * <p>Nothing is copied on the way: the guest reads a duplicate of the socket's buffer, and a
 * chunk the chain passes is that same buffer, forwarded. The chunks of one read burst go to the
 * guest together at {@code channelReadComplete}, and the guest's answers come back together: one
 * hand-off each way per burst, not per chunk.
 *
 * <p>For TCP the host's handlers see {@code channelActive} only once the chain admitted the flow,
 * and {@code channelReadComplete} after each batch of delivered chunks. For UDP every remote
 * address is a flow of its own, and datagrams go on as {@link DatagramPacket}s.
 *
 * <p>Fields are touched on the channel's event loop only, except the hand-over of answers.
 */
public final class InterceptHandler extends ChannelDuplexHandler {
  private final InterceptorCore core;
  private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>();
  /** Events read and not yet handed to the guest. */
  private final List<PendingEvent> unsent = new ArrayList<>();
  private final Runnable sendTask = this::sendToGuest;
  /** Answers from guest threads, to be taken on the event loop. */
  private final BurstMailbox<PendingEvent> answers =
      new BurstMailbox<>(this::takeAnswer, this::drain, this::abandon);
  private final Runnable deadlineTask = this::onDeadline;
  /** The one timer for the earliest deadline of an undecided event, if armed. */
  private ScheduledFuture<?> deadlineTimer;
  private ChannelHandlerContext ctx;
  private boolean udp;
  private Flow tcpFlow;
  /** Access-ordered, so the least recently heard peer is the first one evicted. */
  private final Map<InetSocketAddress, UdpFlow> udpFlows = new LinkedHashMap<>(16, 0.75f, true);
  private long inFlight;
  private boolean paused;
  private boolean closed;
  private boolean activeFired;
  private boolean inactiveSeen;
  private boolean inactiveFired;

  InterceptHandler(InterceptorCore core) {
    this.core = core;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.udp = ctx.channel() instanceof DatagramChannel;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (udp) {
      ctx.fireChannelActive();
    } else if (tcpFlow == null) {
      startTcpFlow();
    }
  }

  private void startTcpFlow() {
    tcpFlow = core.newFlow(Transport.TCP, (InetSocketAddress) ctx.channel().localAddress(),
        (InetSocketAddress) ctx.channel().remoteAddress());
    submit(new PendingEvent(this, tcpFlow, null, null, null, null, core.deadlineNanos));
    sendToGuest();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!udp && msg instanceof ByteBuf buf) {
      if (tcpFlow == null) {
        // Added to a channel that was already active: the host's handlers saw channelActive.
        activeFired = true;
        startTcpFlow();
      }
      if (closed || !buf.isReadable()) {
        buf.release();
      } else {
        submit(new PendingEvent(this, tcpFlow, null, fitted(buf), null, null,
            core.deadlineNanos));
      }
    } else if (udp && msg instanceof DatagramPacket packet) {
      readDatagram(packet.sender(), packet.recipient(), packet.content());
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /** Takes the datagram's content, the packet's one reference. */
  private void readDatagram(InetSocketAddress sender, InetSocketAddress recipient, ByteBuf data) {
    UdpFlow flow = udpFlows.get(sender);
    if (flow == null) {
      flow = new UdpFlow(core.newFlow(Transport.UDP, recipient, sender));
      udpFlows.put(sender, flow);
      evictBeyondLimit();
      submit(new PendingEvent(this, flow.flow, flow, null, sender, recipient, core.deadlineNanos));
    }
    if (flow.closed) {
      data.release();
    } else {
      submit(new PendingEvent(this, flow.flow, flow, fitted(data), sender, recipient,
          core.deadlineNanos));
    }
  }

  /**
   * Returns the chunk in a buffer not much larger than itself. A chunk is held without a copy
   * until the guest and the host's handlers are done with it, and the in-flight limits count its
   * bytes, not its buffer's: a read that fills less than half of its buffer is copied into one of
   * its own size, so a flood of small reads cannot hold far more memory than the limits say.
   */
  private ByteBuf fitted(ByteBuf chunk) {
    int size = chunk.readableBytes();
    if (chunk.capacity() / 2 <= size) {
      return chunk;
    }
    try {
      return ctx.alloc().buffer(size).writeBytes(chunk);
    } finally {
      chunk.release();
    }
  }

  /**
   * Ends the least recently heard UDP flow when there are too many, so that datagrams from ever
   * new addresses cannot grow the table (or the guest's flow state) without bound. Its events
   * still queued are applied normally; a later datagram from it opens a new flow.
   */
  private void evictBeyondLimit() {
    if (udpFlows.size() > core.maxUdpFlows) {
      Iterator<UdpFlow> eldest = udpFlows.values().iterator();
      UdpFlow evicted = eldest.next();
      eldest.remove();
      if (!evicted.closed) {
        closeInGuest(evicted.flow);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Swallowed: the host's handlers get one after each batch of chunks the guest returned.
    sendToGuest();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactiveSeen = true;
    if (queue.isEmpty()) {
      finishInactive();
    }
  }

  private void submit(PendingEvent event) {
    queue.add(event);
    if (unsent.isEmpty()) {
      // Normally sent at channelReadComplete, before this task runs; it covers a read without one.
      ctx.executor().execute(sendTask);
    }
    unsent.add(event);
    long size = event.size();
    inFlight += size;
    core.budget.take(size);
    if (deadlineTimer == null) {
      armDeadline(event.deadlineNanos);
    }
    maybePause();
  }

  private void sendToGuest() {
    if (!unsent.isEmpty()) {
      core.guest.submit(unsent);
      unsent.clear();
    }
  }

  private void closeInGuest(Flow flow) {
    sendToGuest();
    core.guest.close(flow.id());
  }

  /** Called on a guest thread (or where the guest turned the request away). */
  void answered(PendingEvent event) {
    answers.post(event, ctx.executor());
  }

  private void takeAnswer(PendingEvent event) {
    event.guestDone = true;
    if (!event.decided()) {
      if (event.answeredFailure == null) {
        event.verdict = event.answeredVerdict;
      } else {
        event.failure = event.answeredFailure instanceof ModuleFailure ? Outcome.MODULE_ERROR
            : Outcome.GUEST_UNAVAILABLE;
      }
    }
    releaseIfFinished(event);
  }

  /**
   * The event loop is gone, and the channel with it: the events' buffers are released, and only
   * the shared total still counts what they held.
   */
  private synchronized void abandon(PendingEvent answered) {
    answered.guestDone = true;
    releaseAbandoned(answered);
    for (PendingEvent event : queue) {
      event.releaseData();
      if (event.guestDone) {
        releaseAbandoned(event);
      }
    }
  }

  private void releaseAbandoned(PendingEvent event) {
    if (!event.released) {
      event.released = true;
      core.budget.release(event.size());
    }
  }

  private void armDeadline(long deadlineNanos) {
    deadlineTimer = ctx.executor().schedule(deadlineTask,
        Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * Decides every event past its deadline by the failure policy. Events are queued in the order
   * they were read, so their deadlines are in order too: the first one not yet due re-arms.
   */
  private void onDeadline() {
    deadlineTimer = null;
    long now = System.nanoTime();
    for (PendingEvent event : queue) {
      if (event.decided()) {
        continue;
      }
      if (event.deadlineNanos - now > 0) {
        armDeadline(event.deadlineNanos);
        break;
      }
      event.failure = Outcome.TIMEOUT;
    }
    drain();
  }

  private void drain() {
    boolean delivered = false;
    PendingEvent head;
    while ((head = queue.peek()) != null && head.decided()) {
      queue.poll();
      delivered |= apply(head);
      head.applied = true;
      releaseIfFinished(head);
    }
    if (delivered) {
      ctx.fireChannelReadComplete();
    }
    if (queue.isEmpty() && inactiveSeen && !inactiveFired) {
      finishInactive();
    }
  }

  /** Applies a decided event; returns whether it sent bytes on to the host's handlers. */
  private boolean apply(PendingEvent event) {
    Outcome outcome = event.failure != null ? event.failure
        : MetricsRecorder.outcomeOf(event.verdict);
    core.metrics.record(outcome, System.nanoTime() - event.startNanos);
    Verdict verdict = event.verdict;
    if (event.failure != null) {
      verdict = core.policy == FailurePolicy.FAIL_OPEN ? Verdict.pass() : Verdict.close();
    }
    if (flowClosed(event) || !(verdict instanceof Verdict.Pass)) {
      event.releaseData();
    }
    if (flowClosed(event)) {
      return false;
    }
    if (verdict instanceof Verdict.Close) {
      closeFlow(event);
      return false;
    }
    if (event.isOpen()) {
      if (verdict instanceof Verdict.Reply reply) {
        replyToPeer(event, reply.bytes());
      }
      if (!udp && !activeFired) {
        activeFired = true;
        ctx.fireChannelActive();
      }
      return false;
    }
    return switch (verdict) {
      case Verdict.Pass pass -> deliver(event, event.takeData());
      case Verdict.Replace replace -> replace.bytes().length > 0
          && deliver(event, Unpooled.wrappedBuffer(replace.bytes()));
      case Verdict.Reply reply -> {
        replyToPeer(event, reply.bytes());
        yield false;
      }
      case Verdict.Drop drop -> false;
      case Verdict.Close close -> false;
    };
  }

  private boolean flowClosed(PendingEvent event) {
    return udp ? event.udpFlow.closed : closed;
  }

  private boolean deliver(PendingEvent event, ByteBuf buf) {
    ctx.fireChannelRead(udp ? new DatagramPacket(buf, event.recipient, event.sender) : buf);
    return true;
  }

  private void replyToPeer(PendingEvent event, byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    ctx.writeAndFlush(udp ? new DatagramPacket(buf, event.sender) : buf);
  }

  private void closeFlow(PendingEvent event) {
    if (udp) {
      event.udpFlow.closed = true;
      closeInGuest(event.flow);
    } else {
      closed = true;
      ctx.close();
    }
  }

  private void finishInactive() {
    inactiveFired = true;
    if (udp) {
      for (UdpFlow flow : udpFlows.values()) {
        if (!flow.closed) {
          closeInGuest(flow.flow);
        }
      }
      udpFlows.clear();
    } else if (tcpFlow != null) {
      closeInGuest(tcpFlow);
    }
    core.budget.stopWaiting(this);
    if (udp || activeFired) {
      ctx.fireChannelInactive();
    }
  }

  private void releaseIfFinished(PendingEvent event) {
    if (event.applied && event.guestDone && !event.released) {
      event.released = true;
      inFlight -= event.size();
      core.budget.release(event.size());
      maybeResume();
    }
  }

  private void maybePause() {
    if (!paused && (inFlight > core.maxInFlightPerFlow || core.budget.overLimit())) {
      paused = true;
      ReadGate.pause(ctx.channel(), ReadGate.IN_FLIGHT_BUDGET);
      core.budget.waitForRoom(this);
    }
  }

  private void maybeResume() {
    if (paused && inFlight <= core.maxInFlightPerFlow / 2 && core.budget.belowLowWater()) {
      paused = false;
      core.budget.stopWaiting(this);
      ReadGate.resume(ctx.channel(), ReadGate.IN_FLIGHT_BUDGET);
    }
  }

  /** Called by the budget from any thread when room was made. */
  void wake() {
    try {
      ctx.executor().execute(this::maybeResume);
    } catch (RejectedExecutionException e) {
      core.budget.stopWaiting(this);
    }
  }
}

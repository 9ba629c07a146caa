package dev.vmm.intercept.internal;

import dev.vmm.intercept.FailurePolicy;
import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The head-of-pipeline handler: every inbound chunk is copied into guest memory (the socket's
 * buffer is released at once), run through the guest's chain, and only what the chain returns
 * travels on to the host's handlers, in the order it was read. Not sharable: one per channel.
 *
 * <p>For TCP the host's handlers see {@code channelActive} only once the chain admitted the flow,
 * and {@code channelReadComplete} after each batch of delivered chunks. For UDP every remote
 * address is a flow of its own, and datagrams go on as {@link DatagramPacket}s.
 *
 * <p>All fields are touched on the channel's event loop only; guest answers are handed back to it.
 */
public final class InterceptHandler extends ChannelDuplexHandler {
  private final InterceptorCore core;
  private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>();
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
    submit(new PendingEvent(tcpFlow, null, null, null, null));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!udp && msg instanceof ByteBuf buf) {
      byte[] data;
      try {
        data = ByteBufUtil.getBytes(buf);
      } finally {
        buf.release();
      }
      if (tcpFlow == null) {
        // Added to a channel that was already active: the host's handlers saw channelActive.
        activeFired = true;
        startTcpFlow();
      }
      if (!closed && data.length > 0) {
        submit(new PendingEvent(tcpFlow, null, data, null, null));
      }
    } else if (udp && msg instanceof DatagramPacket packet) {
      byte[] data;
      InetSocketAddress sender = packet.sender();
      InetSocketAddress recipient = packet.recipient();
      try {
        data = ByteBufUtil.getBytes(packet.content());
      } finally {
        packet.release();
      }
      readDatagram(sender, recipient, data);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void readDatagram(InetSocketAddress sender, InetSocketAddress recipient, byte[] data) {
    UdpFlow flow = udpFlows.get(sender);
    if (flow == null) {
      flow = new UdpFlow(core.newFlow(Transport.UDP, recipient, sender));
      udpFlows.put(sender, flow);
      evictBeyondLimit();
      submit(new PendingEvent(flow.flow, flow, null, sender, recipient));
    }
    if (!flow.closed) {
      submit(new PendingEvent(flow.flow, flow, data, sender, recipient));
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
        core.guest.close(evicted.flow.id());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Swallowed: the host's handlers get one after each batch of chunks the guest returned.
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
    long size = event.size();
    inFlight += size;
    core.budget.take(size);
    event.deadline = ctx.executor().schedule(() -> decideFailure(event, Outcome.TIMEOUT),
        core.deadlineNanos, TimeUnit.NANOSECONDS);
    if (event.isOpen()) {
      core.guest.open(event.flow, (verdict, failure) -> answer(event, verdict, failure));
    } else {
      core.guest.chunk(event.flow.id(), event.data,
          (verdict, failure) -> answer(event, verdict, failure));
    }
    maybePause();
  }

  /** Called on a guest thread: hands the answer to the event loop. */
  private void answer(PendingEvent event, Verdict verdict, RuntimeException failure) {
    try {
      ctx.executor().execute(() -> onAnswer(event, verdict, failure));
    } catch (RejectedExecutionException e) {
      // The event loop is gone, and the channel with it: only the shared total still counts.
      if (!event.released) {
        event.released = true;
        core.budget.release(event.size());
      }
    }
  }

  private void onAnswer(PendingEvent event, Verdict verdict, RuntimeException failure) {
    event.guestDone = true;
    if (!event.decided()) {
      event.deadline.cancel(false);
      if (failure == null) {
        event.verdict = verdict;
      } else {
        event.failure = failure instanceof ModuleFailure ? Outcome.MODULE_ERROR
            : Outcome.GUEST_UNAVAILABLE;
      }
    }
    releaseIfFinished(event);
    drain();
  }

  private void decideFailure(PendingEvent event, Outcome failure) {
    if (!event.decided()) {
      event.failure = failure;
      drain();
    }
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
    Outcome outcome = event.failure != null ? event.failure : outcomeOf(event.verdict);
    core.metrics.record(outcome, System.nanoTime() - event.startNanos);
    if (flowClosed(event)) {
      return false;
    }
    Verdict verdict = event.verdict;
    if (event.failure != null) {
      verdict = core.policy == FailurePolicy.FAIL_OPEN ? Verdict.pass() : Verdict.close();
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
      case Verdict.Pass pass -> deliver(event, event.data);
      case Verdict.Replace replace -> replace.bytes().length > 0 && deliver(event, replace.bytes());
      case Verdict.Reply reply -> {
        replyToPeer(event, reply.bytes());
        yield false;
      }
      case Verdict.Drop drop -> false;
      case Verdict.Close close -> false;
    };
  }

  private static Outcome outcomeOf(Verdict verdict) {
    return switch (verdict) {
      case Verdict.Pass pass -> Outcome.PASS;
      case Verdict.Replace replace -> Outcome.REPLACE;
      case Verdict.Drop drop -> Outcome.DROP;
      case Verdict.Close close -> Outcome.CLOSE;
      case Verdict.Reply reply -> Outcome.REPLY;
    };
  }

  private boolean flowClosed(PendingEvent event) {
    return udp ? event.udpFlow.closed : closed;
  }

  private boolean deliver(PendingEvent event, byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
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
      core.guest.close(event.flow.id());
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
          core.guest.close(flow.flow.id());
        }
      }
      udpFlows.clear();
    } else if (tcpFlow != null) {
      core.guest.close(tcpFlow.id());
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

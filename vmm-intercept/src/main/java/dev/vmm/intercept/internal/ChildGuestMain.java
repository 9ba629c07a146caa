package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ModuleSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM's entry point: connects to the host's socket (the only argument), builds the chain
 * the host's HELLO names, and serves its requests with an {@link InProcessGuest}. It exits when
 * the host goes away.
 */
public final class ChildGuestMain extends SimpleChannelInboundHandler<ByteBuf> {
  private InProcessGuest guest;
  private String listener;
  /** The answers of a burst are written together, with one flush. */
  private BurstMailbox<ByteBuf> answers;
  /** Requests read and not yet handed to the guest. */
  private final List<ChildRequest> batch = new ArrayList<>();

  private ChildGuestMain() {}

  /** Runs the guest until the host closes the socket. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: ChildGuestMain <unix socket path>");
      System.exit(2);
    }
    EventLoopGroup group = UnixSockets.eventLoop("vmm-child-io");
    Channel channel = new Bootstrap().group(group)
        .channelFactory(UnixSockets::clientChannel)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(GuestProtocol.frameDecoder(), new ChildGuestMain());
          }
        })
        .connect(UnixDomainSocketAddress.of(args[0])).sync().channel();
    channel.closeFuture().sync();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    System.exit(0);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte type = frame.readByte();
    Channel channel = ctx.channel();
    switch (type) {
      case GuestProtocol.HELLO -> {
        int version = frame.readUnsignedShort();
        if (version != GuestProtocol.VERSION) {
          throw new ProtocolException("host speaks protocol " + version + ", this guest "
              + GuestProtocol.VERSION);
        }
        listener = GuestProtocol.readString(frame);
        answers = new BurstMailbox<>(answer -> channel.write(answer, channel.voidPromise()),
            channel::flush, ByteBuf::release);
        List<ModuleSpec> chain = GuestProtocol.readChain(frame);
        guest = new InProcessGuest(ModuleRegistry.load().create(chain),
            Math.max(1, Runtime.getRuntime().availableProcessors()), listener);
        channel.writeAndFlush(GuestProtocol.ready(channel.alloc(), ProcessHandle.current().pid()));
      }
      case GuestProtocol.OPEN -> {
        long requestId = frame.readLong();
        Flow flow = GuestProtocol.readFlow(frame, listener);
        batch.add(new ChildRequest(channel, answers, requestId, flow.id(), flow, null));
      }
      case GuestProtocol.CHUNK -> {
        long requestId = frame.readLong();
        long flowId = frame.readLong();
        batch.add(new ChildRequest(channel, answers, requestId, flowId, null,
            frame.retainedSlice()));
      }
      case GuestProtocol.CLOSE -> {
        submitBatch();
        guest.close(frame.readLong());
      }
      case GuestProtocol.PING -> channel.writeAndFlush(GuestProtocol.pong(channel.alloc(),
          frame.readLong()));
      default -> throw new ProtocolException("unknown frame type " + type);
    }
  }

  /** Hands the requests of one read burst to the guest together. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    submitBatch();
  }

  private void submitBatch() {
    if (!batch.isEmpty()) {
      guest.submit(batch);
      batch.clear();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    System.err.println("vmm child guest: " + cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    batch.forEach(ChildRequest::discard);
    batch.clear();
    if (guest != null) {
      guest.close();
    }
  }
}

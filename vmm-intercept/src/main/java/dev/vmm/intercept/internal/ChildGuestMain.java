package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Verdict;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.UnixDomainSocketAddress;
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
        List<ModuleSpec> chain = GuestProtocol.readChain(frame);
        guest = new InProcessGuest(ModuleRegistry.load().create(chain),
            Math.max(1, Runtime.getRuntime().availableProcessors()), listener);
        channel.writeAndFlush(GuestProtocol.ready(channel.alloc(), ProcessHandle.current().pid()));
      }
      case GuestProtocol.OPEN -> {
        long requestId = frame.readLong();
        Flow flow = GuestProtocol.readFlow(frame, listener);
        guest.open(flow, (verdict, failure) -> answer(channel, requestId, verdict, failure));
      }
      case GuestProtocol.CHUNK -> {
        long requestId = frame.readLong();
        long flowId = frame.readLong();
        byte[] data = GuestProtocol.readRest(frame);
        guest.chunk(flowId, data, (verdict, failure) -> answer(channel, requestId, verdict, failure));
      }
      case GuestProtocol.CLOSE -> guest.close(frame.readLong());
      case GuestProtocol.PING -> channel.writeAndFlush(GuestProtocol.pong(channel.alloc(),
          frame.readLong()));
      default -> throw new ProtocolException("unknown frame type " + type);
    }
  }

  private static void answer(Channel channel, long requestId, Verdict verdict,
      RuntimeException failure) {
    channel.writeAndFlush(GuestProtocol.answer(channel.alloc(), requestId, verdict, failure),
        channel.voidPromise());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    System.err.println("vmm child guest: " + cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (guest != null) {
      guest.close();
    }
  }
}

package dev.vmm.intercept.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import dev.vmm.intercept.ModuleSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The host's end of one child connection: says HELLO, then reads READY, ANSWER and PONG. */
final class ChildConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private final ChildJvmGuest guest;
  private final String listener;
  private final List<ModuleSpec> chain;

  ChildConnectionHandler(ChildJvmGuest guest, String listener,
      List<ModuleSpec> chain) {
    this.guest = guest;
    this.listener = listener;
    this.chain = chain;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(GuestProtocol.hello(ctx.alloc(), listener, chain));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    guest.heard(ctx.channel());
    byte type = frame.readByte();
    switch (type) {
      case GuestProtocol.READY -> {
        int version = frame.readUnsignedShort();
        if (version != GuestProtocol.VERSION) {
          throw new ProtocolException("child speaks protocol " + version + ", this host "
              + GuestProtocol.VERSION);
        }
        guest.ready(ctx.channel(), frame.readLong());
      }
      case GuestProtocol.ANSWER -> {
        long requestId = frame.readLong();
        byte kind = frame.readByte();
        if (kind == GuestProtocol.MODULE_ERROR) {
          guest.answered(requestId, null, frame.toString(StandardCharsets.UTF_8));
        } else {
          guest.answered(requestId, GuestProtocol.readVerdict(kind, frame), null);
        }
      }
      case GuestProtocol.PONG -> frame.skipBytes(frame.readableBytes());
      default -> throw new ProtocolException("unknown frame type " + type + " from the child");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A child that breaks the protocol is treated as lost: closing its socket restarts it.
    ctx.close();
  }
}

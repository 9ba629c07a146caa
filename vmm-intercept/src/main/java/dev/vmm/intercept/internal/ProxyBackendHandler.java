package dev.vmm.intercept.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The proxy's backend side: answers go straight back to the client, uninspected. */
final class ProxyBackendHandler extends ChannelInboundHandlerAdapter {
  private final Channel frontend;

  ProxyBackendHandler(Channel frontend) {
    this.frontend = frontend;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!frontend.isWritable()) {
      ReadGate.pause(ctx.channel(), ReadGate.PEER_UNWRITABLE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    frontend.write(msg, frontend.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    frontend.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ReadGate.resume(frontend, ReadGate.PEER_UNWRITABLE);
    } else {
      ReadGate.pause(frontend, ReadGate.PEER_UNWRITABLE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ProxyFrontendHandler.closeAfterFlush(frontend);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

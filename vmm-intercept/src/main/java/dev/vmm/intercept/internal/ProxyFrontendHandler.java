package dev.vmm.intercept.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's client side, behind the interception handler: opens the backend connection once the
 * flow is admitted and forwards what the interceptor passes on. Reading pauses while the backend
 * connects or cannot take more.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {
  private final SocketAddress backendAddress;
  private final List<Object> early = new ArrayList<>();
  private Channel backend;

  ProxyFrontendHandler(SocketAddress backendAddress) {
    this.backendAddress = backendAddress;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel frontend = ctx.channel();
    ReadGate.pause(frontend, ReadGate.BACKEND_CONNECTING);
    new Bootstrap().group(frontend.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ProxyBackendHandler(frontend))
        .connect(backendAddress)
        .addListener((ChannelFutureListener) connected -> {
          if (!connected.isSuccess()) {
            releaseEarly();
            frontend.close();
            return;
          }
          backend = connected.channel();
          if (!frontend.isActive()) {
            releaseEarly();
            backend.close();
            return;
          }
          for (Object msg : early) {
            backend.write(msg);
          }
          early.clear();
          backend.flush();
          ReadGate.resume(frontend, ReadGate.BACKEND_CONNECTING);
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (backend == null) {
      early.add(msg);
    } else {
      backend.write(msg, backend.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backend != null) {
      if (ctx.channel().isWritable()) {
        ReadGate.resume(backend, ReadGate.PEER_UNWRITABLE);
      } else {
        ReadGate.pause(backend, ReadGate.PEER_UNWRITABLE);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseEarly();
    if (backend != null) {
      closeAfterFlush(backend);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    closeAfterFlush(ctx.channel());
  }

  private void releaseEarly() {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
  }

  static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}

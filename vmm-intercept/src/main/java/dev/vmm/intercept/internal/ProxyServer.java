package dev.vmm.intercept.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A TCP proxy on Netty NIO; each accepted connection gets a fresh head handler, if any. */
public final class ProxyServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel server;

  /**
   * Binds and starts accepting.
   *
   * @param headHandler makes the handler put first in each connection's pipeline; null for none
   * @throws IllegalStateException if the listen address cannot be bound, naming it
   */
  public ProxyServer(InetSocketAddress listen, InetSocketAddress backend, int threads,
      Supplier<ChannelHandler> headHandler) {
    this.group = new MultiThreadIoEventLoopGroup(threads,
        new DefaultThreadFactory("vmm-proxy", true), NioIoHandler.newFactory());
    try {
      this.server = new ServerBootstrap().group(group)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (headHandler != null) {
                ch.pipeline().addLast("intercept", headHandler.get());
              }
              ch.pipeline().addLast("proxy", new ProxyFrontendHandler(backend));
            }
          })
          .bind(listen).syncUninterruptibly().channel();
    } catch (Exception e) {
      // Netty rethrows the bind failure (a checked BindException) without declaring it.
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      throw new IllegalStateException("cannot listen on " + listen + ": " + e, e);
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}

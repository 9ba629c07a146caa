package dev.vmm.intercept.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;

/**
 * Unix domain sockets through Netty's NIO transport (JDK 16+ {@code UnixDomainSocketAddress}): the
 * same code on every OS the JDK supports them on, with no native library to ship.
 */
final class UnixSockets {
  private UnixSockets() {}

  /** One daemon event loop: the guest link carries one connection. */
  static EventLoopGroup eventLoop(String name) {
    return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true),
        NioIoHandler.newFactory());
  }

  static NioServerSocketChannel serverChannel() {
    return new NioServerSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.UNIX);
  }

  static NioSocketChannel clientChannel() {
    return new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.UNIX);
  }
}

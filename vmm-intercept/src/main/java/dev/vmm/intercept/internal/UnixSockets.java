package dev.vmm.intercept.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

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

  static NioServerDomainSocketChannel serverChannel() {
    return new NioServerDomainSocketChannel();
  }

  static NioDomainSocketChannel clientChannel() {
    return new NioDomainSocketChannel();
  }
}

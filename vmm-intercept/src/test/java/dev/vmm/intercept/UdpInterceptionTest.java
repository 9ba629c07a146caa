package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Patient;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler at the head of a UDP channel's pipeline: one flow per remote address. */
class UdpInterceptionTest {
  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  final List<String> hostSaw = new CopyOnWriteArrayList<>();
  Interceptor interceptor;
  Channel server;

  @BeforeEach
  void start() {
    interceptor = Patient.interceptor().listener("udp").module(ModuleSpec.of("scripted"))
        .module(ModuleSpec.of("firewall", Map.of("deny", "127.0.0.2")))
        .maxUdpFlowsPerChannel(2).build();
    server = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(new ChannelInitializer<NioDatagramChannel>() {
          @Override
          protected void initChannel(NioDatagramChannel ch) {
            ch.pipeline().addLast(interceptor.newHandler(),
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    hostSaw.add(packet.content().toString(StandardCharsets.ISO_8859_1));
                  }
                });
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly()
        .channel();
  }

  @AfterEach
  void stop() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    interceptor.close();
  }

  void send(DatagramSocket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    socket.send(new java.net.DatagramPacket(bytes, bytes.length, server.localAddress()));
  }

  static String receive(DatagramSocket socket) throws IOException {
    java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[1500], 1500);
    socket.receive(packet);
    return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void theHostSeesOnlyWhatTheChainReturnsInOrder() throws IOException {
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setSoTimeout(30_000);
      send(client, "first");
      send(client, "DROP this");
      send(client, "REPLACE second");
      send(client, "third");
      Await.until("three datagrams", () -> hostSaw.size() == 3, hostSaw::toString);

      assertThat(hostSaw).containsExactly("first", "second", "third");
      send(client, "REPLY pong");
      assertThat(receive(client)).isEqualTo("pong");
    }
    assertThat(interceptor.metrics().count(Outcome.DROP)).isEqualTo(1);
  }

  @Test
  void eachRemoteAddressIsAFlowOfItsOwn() throws IOException {
    try (DatagramSocket allowed = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket denied = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      send(denied, "from a denied peer");
      send(allowed, "CLOSE my flow");
      send(allowed, "never seen");
      try (DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        send(other, "another peer");
        // One channel keeps its datagrams in order: everything sent before is decided by now.
        Await.until("the other peer", () -> !hostSaw.isEmpty(), hostSaw::toString);
      }
    }
    assertThat(hostSaw).containsExactly("another peer");
  }

  @Test
  void theLeastRecentlyHeardPeerIsEvictedBeyondTheFlowLimit() throws IOException {
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      send(a, "a1");
      send(b, "b1");
      send(a, "a2");
      send(c, "c1");
      send(b, "b2");
      send(a, "a3");
      Await.until("six datagrams", () -> hostSaw.size() == 6,
          () -> hostSaw + " " + interceptor.metrics());
    }

    assertThat(hostSaw).containsExactly("a1", "b1", "a2", "c1", "b2", "a3");
    assertThat(interceptor.metrics().total()).as("6 datagrams and 5 openings: a, b, c (evicting "
        + "b, heard before a), b again (evicting a), a again (evicting c)").isEqualTo(11);
  }
}

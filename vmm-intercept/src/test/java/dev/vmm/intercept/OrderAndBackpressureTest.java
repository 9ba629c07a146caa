package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Patient;
import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderAndBackpressureTest {
  /** The most one read can add after a handler paused: Netty's adaptive read buffer's maximum. */
  static final int ONE_READ = 65536;

  Backend backend;
  InterceptingProxy proxy;
  final ExecutorService clients = Executors.newFixedThreadPool(4,
      task -> new Thread(task, "test-client"));

  @AfterEach
  void stop() throws IOException {
    clients.shutdownNow();
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  void start(Interceptor.Builder interceptor) throws IOException {
    backend = new Backend(false);
    proxy = InterceptingProxy.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .backend(backend.address()).eventLoopThreads(2).interceptor(interceptor).start();
  }

  /**
   * Sends each stream over a connection of its own, all at once, and keeps them open until the
   * backend has received every byte of all of them.
   */
  void sendAll(List<byte[]> streams, SplittableRandom random) throws Exception {
    long total = streams.stream().mapToLong(s -> s.length).sum();
    CountDownLatch received = new CountDownLatch(1);
    List<Future<?>> sent = new ArrayList<>();
    for (byte[] stream : streams) {
      int piece = 1 + random.nextInt(256 << 10);
      sent.add(clients.submit(() -> {
        try (Client client = new Client(proxy.localAddress())) {
          for (int at = 0; at < stream.length; at += piece) {
            client.send(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + piece)));
          }
          received.await();
        }
        return null;
      }));
    }
    Await.until("the backend got every byte", () -> backend.connections().stream()
        .mapToLong(c -> c.received().length).sum() == total);
    received.countDown();
    for (Future<?> future : sent) {
      future.get();
    }
  }

  static byte[] filled(int size, char c) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  @Nested
  class Order {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void eachFlowArrivesInOrderWhileGuestThreadsFinishOutOfOrder(long seed) throws Exception {
      start(Patient.interceptor().module(ModuleSpec.of("scripted", Map.of("jitter", "true")))
          .placement(new ChainPlacement.InProcess(4)));
      SplittableRandom random = new SplittableRandom(seed);
      List<byte[]> streams = new ArrayList<>();
      for (int flow = 0; flow < 4; flow++) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int message = 0; message < 200; message++) {
          byte[] bytes = new byte[1 + random.nextInt(2000)];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
          }
          stream.writeBytes(bytes);
        }
        streams.add(stream.toByteArray());
      }

      sendAll(streams, random);

      List<byte[]> received = backend.connections().stream().map(c -> c.received()).toList();
      assertThat(received).as("seed %d", seed).hasSize(4);
      for (byte[] stream : streams) {
        assertThat(received).as("seed %d: a backend connection got exactly this flow", seed)
            .anySatisfy(r -> assertThat(r).isEqualTo(stream));
      }
    }
  }

  @Nested
  class Backpressure {
    @ParameterizedTest(name = "per-flow limit {0}")
    @ValueSource(ints = {16384, 65536})
    void aFloodIntoASlowGuestStaysWithinTheFlowLimit(int limit) throws Exception {
      start(Patient.interceptor().module(ModuleSpec.of("scripted", Map.of("jitter", "true")))
          .maxInFlightBytesPerFlow(limit));
      byte[] flood = filled(8 << 20, 'f');

      sendAll(List.of(flood), new SplittableRandom(limit));

      InterceptMetrics metrics = proxy.metrics();
      assertThat(metrics.peakInFlightBytes()).isLessThanOrEqualTo(limit + ONE_READ);
      assertThat(metrics.inFlightBytes()).isZero();
      assertThat(backend.connections().get(0).received()).isEqualTo(flood);
    }

    @ParameterizedTest(name = "total limit {0}")
    @ValueSource(ints = {32768, 131072})
    void floodsOnManyFlowsStayWithinTheTotalLimit(int limit) throws Exception {
      start(Patient.interceptor().module(ModuleSpec.of("scripted", Map.of("jitter", "true")))
          .maxInFlightBytesTotal(limit));
      byte[] flood = filled(2 << 20, 'g');

      sendAll(List.of(flood, flood, flood, flood), new SplittableRandom(limit));

      assertThat(proxy.metrics().peakInFlightBytes()).isLessThanOrEqualTo(limit + 4L * ONE_READ);
      assertThat(backend.connections()).hasSize(4)
          .allSatisfy(c -> assertThat(c.received()).isEqualTo(flood));
    }
  }
}

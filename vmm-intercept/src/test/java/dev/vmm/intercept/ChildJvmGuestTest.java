package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Guests in a real child JVM over a Unix domain socket, killed with SIGKILL where it matters. */
class ChildJvmGuestTest {
  Backend backend;
  InterceptingProxy proxy;

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  void start(FailurePolicy policy, ModuleSpec module) throws IOException {
    start(policy, module, ChainPlacement.childJvm());
  }

  void start(FailurePolicy policy, ModuleSpec module, ChainPlacement placement)
      throws IOException {
    backend = new Backend(true);
    proxy = InterceptingProxy.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .backend(backend.address())
        .eventLoopThreads(1)
        .interceptor(Interceptor.builder().module(module).failurePolicy(policy)
            // A fresh child runs its first chunks in the interpreter: no deadline is tested here.
            .deadline(Duration.ofSeconds(20))
            .placement(placement))
        .start();
  }

  static ModuleSpec catToDog() {
    return ModuleSpec.of("rewrite", Map.of("find", "cat", "replace", "dog"));
  }

  long guestPid() {
    return proxy.interceptor().guestProcessId().orElse(-1);
  }

  @Nested
  class Serving {
    @Test
    void theChainRunsInAnotherProcess() throws IOException {
      start(FailurePolicy.FAIL_CLOSED, catToDog());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("a cat");

        assertThat(client.read(5)).isEqualTo("a dog");
      }
      assertThat(guestPid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
      assertThat(proxy.metrics().count(Outcome.REPLACE)).isEqualTo(1);
    }

    @Test
    void aModuleExceptionInTheChildClosesOnlyItsFlow() throws IOException {
      start(FailurePolicy.FAIL_CLOSED, ModuleSpec.of("scripted"));
      try (Client bystander = new Client(proxy.localAddress());
          Client victim = new Client(proxy.localAddress())) {
        victim.send("THROW");

        assertThat(victim.closedByPeer()).isTrue();
        bystander.send("REPLY still here");
        assertThat(bystander.read(10)).isEqualTo("still here");
      }
      assertThat(proxy.metrics().count(Outcome.MODULE_ERROR)).isEqualTo(1);
      assertThat(proxy.metrics().guestRestarts()).isZero();
    }

    @Test
    void aModuleCannotWriteTheChunk() throws IOException {
      start(FailurePolicy.FAIL_OPEN, ModuleSpec.of("scripted"));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("WRITE me");

        assertThat(client.read(8)).isEqualTo("WRITE me");
      }
      assertThat(proxy.metrics().count(Outcome.MODULE_ERROR)).isEqualTo(1);
    }

    @Test
    void manyChunksArriveWholeAndInOrder() throws Exception {
      long seed = 8;
      byte[] payload = new byte[1 << 20];
      new SplittableRandom(seed).nextBytes(payload);
      start(FailurePolicy.FAIL_CLOSED, ModuleSpec.of("pass"));
      byte[] echoed;
      try (Client client = new Client(proxy.localAddress())) {
        // The backend echoes: read while sending, or both sides' buffers fill up.
        Thread sender = Thread.ofVirtual().start(() -> {
          try {
            client.send(payload);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        echoed = client.socket().getInputStream().readNBytes(payload.length);
        sender.join();
      }
      assertThat(backend.connections().getFirst().received())
          .as("bytes at the backend, seed %d", seed).isEqualTo(payload);
      assertThat(echoed).as("bytes echoed back, seed %d", seed).isEqualTo(payload);
      assertThat(proxy.metrics().count(Outcome.PASS)).isGreaterThan(1);
    }
  }

  @Nested
  class KilledChild {
    @Test
    void isNoticedRestartedAndServesOpenAndNewFlowsAgain() throws IOException {
      start(FailurePolicy.FAIL_OPEN, catToDog());
      try (Client before = new Client(proxy.localAddress())) {
        before.send("cat 1");
        assertThat(before.read(5)).isEqualTo("dog 1");
        long first = guestPid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Await.until("a new child", () -> guestPid() > 0 && guestPid() != first,
            () -> proxy.metrics().toString());

        assertThat(proxy.metrics().guestRestarts()).isEqualTo(1);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).as("the killed child")
            .isNotEqualTo(Optional.of(true));
        before.send("cat 2");
        assertThat(before.read(5)).isEqualTo("dog 2");
        try (Client after = new Client(proxy.localAddress())) {
          after.send("cat 3");
          assertThat(after.read(5)).isEqualTo("dog 3");
        }
      }
    }

    /*
     * Between noticing the loss and the next child's READY lie the 50 ms restart delay and a JVM
     * start (hundreds of ms): a chunk sent right after the host noticed meets the guest down.
     */
    @Test
    void meetsFailOpenWhileItIsDown() throws IOException {
      start(FailurePolicy.FAIL_OPEN, catToDog());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("cat");
        assertThat(client.read(3)).isEqualTo("dog");
        long first = guestPid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Await.until("the host noticed", () -> guestPid() != first);
        client.send("cat");

        assertThat(client.read(3)).isEqualTo("cat");
      }
      assertThat(proxy.metrics().count(Outcome.GUEST_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void meetsFailClosedWhileItIsDown() throws IOException {
      start(FailurePolicy.FAIL_CLOSED, catToDog());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("cat");
        assertThat(client.read(3)).isEqualTo("dog");
        long first = guestPid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        Await.until("the host noticed", () -> guestPid() != first);
        client.send("cat");

        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(proxy.metrics().count(Outcome.GUEST_UNAVAILABLE)).isEqualTo(1);
    }
  }

  @Nested
  class HungChild {
    @Test
    void thatStopsAnsweringHeartbeatsIsKilledAndReplaced() throws Exception {
      start(FailurePolicy.FAIL_OPEN, catToDog(), new ChainPlacement.ChildJvm(List.of(),
          Duration.ofMillis(50), Duration.ofMillis(500)));
      long first = guestPid();

      Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(first)).start();
      assertThat(stop.waitFor()).isZero();
      Await.until("a new child", () -> guestPid() > 0 && guestPid() != first,
          () -> proxy.metrics().toString());

      Await.until("the stopped child is gone", () -> !ProcessHandle.of(first)
          .map(ProcessHandle::isAlive).orElse(false));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("cat");
        assertThat(client.read(3)).isEqualTo("dog");
      }
    }
  }
}

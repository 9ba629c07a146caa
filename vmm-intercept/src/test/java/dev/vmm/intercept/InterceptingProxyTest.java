package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Patient;
import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InterceptingProxyTest {
  static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

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

  InterceptingProxy start(Interceptor.Builder interceptor) throws IOException {
    backend = new Backend(true);
    proxy = InterceptingProxy.builder().listen(ANY_PORT).backend(backend.address())
        .interceptor(interceptor).eventLoopThreads(2).start();
    return proxy;
  }

  static Interceptor.Builder scripted() {
    return Patient.interceptor().module(ModuleSpec.of("scripted"));
  }

  String received(int connection) {
    return new String(backend.connections().get(connection).received(),
        StandardCharsets.ISO_8859_1);
  }

  void awaitReceived(int connection, String expected) {
    Await.until("backend received '" + expected + "'",
        () -> backend.connections().size() > connection && received(connection).equals(expected),
        () -> backend.connections().isEmpty() ? "(no connection)" : "got '" + received(connection)
            + "'");
  }

  long count(Outcome outcome) {
    return proxy.metrics().count(outcome);
  }

  @Nested
  class Forwarding {
    @Test
    void passedBytesReachTheBackendAndItsAnswerReturns() throws IOException {
      start(Patient.interceptor().module(ModuleSpec.of("pass")));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("hello through the guest");

        assertThat(client.read(23)).isEqualTo("hello through the guest");
      }
      assertThat(count(Outcome.PASS)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theOneCallStartIsAProxyWithTheGivenChain() throws IOException {
      backend = new Backend(true);
      proxy = InterceptingProxy.start(ANY_PORT, backend.address(),
          List.of(ModuleSpec.of("rewrite", Map.of("find", "cat", "replace", "dog"))));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("a cat");

        String answer = client.read(5);
        // The one call keeps the 50 ms default deadline, which a loaded machine may miss.
        assertThat(answer).isEqualTo(
            proxy.metrics().count(Outcome.TIMEOUT) == 0 ? "a dog" : "a cat");
      }
    }

    @Test
    void theBaselineProxyForwardsWithoutAGuest() throws IOException {
      backend = new Backend(true);
      proxy = InterceptingProxy.builder().listen(ANY_PORT).backend(backend.address())
          .interceptor(scripted()).withoutInterception().start();
      try (Client client = new Client(proxy.localAddress())) {
        client.send("DROP nothing is dropped");

        assertThat(client.read(23)).isEqualTo("DROP nothing is dropped");
      }
      assertThat(proxy.metrics().total()).isZero();
    }

    @Test
    void anUnknownModuleIsRefusedByName() {
      assertThatThrownBy(() -> start(Interceptor.builder().module(ModuleSpec.of("nope"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining("firewall");
    }

    @Test
    void aBusyListenAddressIsNamed() throws IOException {
      start(Patient.interceptor());
      InetSocketAddress taken = proxy.localAddress();

      assertThatThrownBy(() -> InterceptingProxy.start(taken, backend.address(), List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(String.valueOf(taken.getPort()));
    }
  }

  @Nested
  class Verdicts {
    @Test
    void dropDiscardsOnlyThatChunk() throws IOException {
      start(scripted());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("DROP secret");
        Await.until("the drop", () -> count(Outcome.DROP) == 1);
        client.send("kept");

        assertThat(client.read(4)).isEqualTo("kept");
      }
      assertThat(received(0)).isEqualTo("kept");
    }

    @Test
    void replaceForwardsTheNewBytes() throws IOException {
      start(scripted());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("REPLACE other bytes");

        assertThat(client.read(11)).isEqualTo("other bytes");
      }
      assertThat(count(Outcome.REPLACE)).isEqualTo(1);
    }

    @Test
    void replyAnswersThePeerAndTheBackendSeesNothing() throws IOException {
      start(scripted());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("REPLY from the guest");

        assertThat(client.read(14)).isEqualTo("from the guest");
        client.send("then this");
        awaitReceived(0, "then this");
      }
    }

    @Test
    void closeEndsTheConnection() throws IOException {
      start(scripted());
      try (Client client = new Client(proxy.localAddress())) {
        client.send("CLOSE now");

        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(count(Outcome.CLOSE)).isEqualTo(1);
    }
  }

  @Nested
  class Policies {
    @Test
    void failOpenPassesAChunkWhoseModuleThrew() throws IOException {
      start(scripted().failurePolicy(FailurePolicy.FAIL_OPEN));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("THROW but pass");

        assertThat(client.read(14)).isEqualTo("THROW but pass");
      }
      assertThat(count(Outcome.MODULE_ERROR)).isEqualTo(1);
    }

    @Test
    void failClosedClosesOnlyTheFlowWhoseModuleThrew() throws IOException {
      start(scripted().failurePolicy(FailurePolicy.FAIL_CLOSED));
      try (Client bystander = new Client(proxy.localAddress());
          Client victim = new Client(proxy.localAddress())) {
        victim.send("THROW");

        assertThat(victim.closedByPeer()).isTrue();
        bystander.send("still served");
        assertThat(bystander.read(12)).isEqualTo("still served");
      }
    }

    @Test
    void aSlowModuleMeetsFailOpenAtTheDeadline() throws IOException {
      start(scripted().deadline(Duration.ofMillis(20)).failurePolicy(FailurePolicy.FAIL_OPEN));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("SLEEP 2000");

        assertThat(client.read(10)).isEqualTo("SLEEP 2000");
      }
      assertThat(count(Outcome.TIMEOUT)).as("the chunk's, and the opening's on a slow machine")
          .isBetween(1L, 2L);
    }

    @Test
    void aSlowModuleMeetsFailClosedAtTheDeadline() throws IOException {
      start(scripted().deadline(Duration.ofMillis(20)).failurePolicy(FailurePolicy.FAIL_CLOSED));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("SLEEP 2000");

        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(count(Outcome.TIMEOUT)).as("the chunk's, and the opening's on a slow machine")
          .isBetween(1L, 2L);
    }
  }

  @Nested
  class Firewall {
    @Test
    void aDeniedPeerIsClosedBeforeTheBackendHearsOfIt() throws IOException {
      start(Patient.interceptor()
          .module(ModuleSpec.of("firewall", Map.of("deny", "127.0.0.0/8"))));
      try (Client client = new Client(proxy.localAddress())) {
        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(count(Outcome.CLOSE)).isEqualTo(1);
      assertThat(backend.connections()).isEmpty();
    }

    @Test
    void anAllowedPeerIsServed() throws IOException {
      start(Patient.interceptor()
          .module(ModuleSpec.of("firewall", Map.of("allow", "127.0.0.1/32,::1"))));
      try (Client client = new Client(proxy.localAddress())) {
        client.send("ok");

        assertThat(client.read(2)).isEqualTo("ok");
      }
    }
  }
}

package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestInfo;
import dev.vmm.core.GuestState;
import dev.vmm.core.Vmm;
import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import dev.vmm.intercept.testing.Patient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The default placement: the chain runs in a vmm-core guest of a VMM the host application owns. */
class VmmChainPlacementTest {
  static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  Vmm vmm;
  Backend backend;
  InterceptingProxy proxy;

  @BeforeEach
  void startVmm() {
    vmm = Vmm.builder().build();
  }

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.close();
    }
    vmm.close();
  }

  void start(FailurePolicy policy) throws IOException {
    backend = new Backend(true);
    proxy = InterceptingProxy.builder().listen(ANY_PORT).backend(backend.address())
        .interceptor(Patient.interceptor().vmm(vmm).failurePolicy(policy)
            .module(ModuleSpec.of("scripted")))
        .eventLoopThreads(2).start();
  }

  Guest chainGuest() {
    GuestInfo info = vmm.guests().stream()
        .filter(guest -> guest.extensions().contains("intercept-chain")).findFirst().orElseThrow();
    return vmm.guest(info.id()).orElseThrow();
  }

  String received(int connection) {
    return new String(backend.connections().get(connection).received(),
        StandardCharsets.ISO_8859_1);
  }

  @Nested
  class Hosting {
    @Test
    void theChainRunsInARunningGuestOfTheGivenVmm() throws IOException {
      start(FailurePolicy.FAIL_CLOSED);

      Guest guest = chainGuest();
      assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
      assertThat(guest.name()).isEqualTo("intercept-default");
    }

    @Test
    void aModuleCannotWriteTheHostsBytes() throws IOException {
      start(FailurePolicy.FAIL_OPEN);
      try (Client client = new Client(proxy.localAddress())) {
        client.send("WRITE me");

        assertThat(client.read(8)).isEqualTo("WRITE me");
      }
      assertThat(received(0)).isEqualTo("WRITE me");
      assertThat(proxy.metrics().count(Outcome.MODULE_ERROR)).isEqualTo(1);
    }

    @Test
    void closingTheProxyDestroysItsGuestButNotTheVmm() throws IOException {
      start(FailurePolicy.FAIL_CLOSED);
      long id = chainGuest().id();

      proxy.close();
      proxy = null;

      assertThat(vmm.guest(id)).isEmpty();
      assertThat(vmm.guests()).isEmpty();
    }
  }

  @Nested
  class Verdicts {
    @Test
    void everyVerdictIsCarriedOut() throws IOException {
      start(FailurePolicy.FAIL_CLOSED);
      try (Client client = new Client(proxy.localAddress())) {
        client.send("plain");
        assertThat(client.read(5)).isEqualTo("plain");
        client.send("DROP me");
        Await.until("the drop", () -> proxy.metrics().count(Outcome.DROP) == 1);
        client.send("REPLACE new");
        assertThat(client.read(3)).isEqualTo("new");
        client.send("REPLY back");
        assertThat(client.read(4)).isEqualTo("back");
        client.send("CLOSE");
        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(received(0)).isEqualTo("plainnew");
      assertThat(proxy.metrics().count(Outcome.CLOSE)).isEqualTo(1);
    }
  }

  @Nested
  class StoppedGuest {
    @Test
    void failOpenPassesWhatTheStoppedGuestCannotJudge() throws IOException {
      start(FailurePolicy.FAIL_OPEN);
      try (Client client = new Client(proxy.localAddress())) {
        client.send("before");
        assertThat(client.read(6)).isEqualTo("before");

        vmm.stop(chainGuest());
        client.send("DROP after");

        assertThat(client.read(10)).isEqualTo("DROP after");
      }
      assertThat(proxy.metrics().count(Outcome.GUEST_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void failClosedClosesFlowsOfTheStoppedGuest() throws IOException {
      start(FailurePolicy.FAIL_CLOSED);
      try (Client client = new Client(proxy.localAddress())) {
        client.send("before");
        assertThat(client.read(6)).isEqualTo("before");

        vmm.stop(chainGuest());
        client.send("after");

        assertThat(client.closedByPeer()).isTrue();
      }
      Await.until("the backend saw the flow end", () -> backend.connections().get(0).ended());
      assertThat(received(0)).isEqualTo("before");
    }

    @Test
    void aDestroyedGuestsFlowsMeetFailOpen() throws IOException {
      start(FailurePolicy.FAIL_OPEN);
      try (Client client = new Client(proxy.localAddress())) {
        client.send("before");
        assertThat(client.read(6)).isEqualTo("before");

        vmm.destroy(chainGuest());
        client.send("CLOSE after");

        assertThat(client.read(11)).isEqualTo("CLOSE after");
      }
      assertThat(proxy.metrics().count(Outcome.GUEST_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void aNewFlowToAStoppedGuestMeetsThePolicy() throws IOException {
      start(FailurePolicy.FAIL_CLOSED);
      vmm.stop(chainGuest());

      try (Client client = new Client(proxy.localAddress())) {
        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(backend.connections()).isEmpty();
    }
  }
}

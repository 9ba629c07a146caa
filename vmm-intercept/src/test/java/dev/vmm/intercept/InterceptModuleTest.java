package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestInfo;
import dev.vmm.core.GuestState;
import dev.vmm.core.Vmm;
import dev.vmm.intercept.dagger.InterceptSettings;
import dev.vmm.intercept.testing.Await;
import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** InterceptModule in a component of a test's own: the chain runs in the component's VMM. */
class InterceptModuleTest {
  static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  static InterceptTestComponent component(String... modules) {
    List<ModuleSpec> chain = List.of(modules).stream().map(ModuleSpec::parse).toList();
    return DaggerInterceptTestComponent.factory().create(InterceptSettings.of("wired", chain));
  }

  @Nested
  class Wiring {
    @Test
    void theChainRunsInARunningGuestOfTheComponentsVmm() {
      InterceptTestComponent component = component("pass");
      try (Vmm vmm = component.vmm(); Interceptor interceptor = component.interceptor()) {
        assertThat(vmm.guests()).extracting(GuestInfo::name, GuestInfo::state)
            .containsExactly(tuple("intercept-wired",
                GuestState.RUNNING));
        assertThat(component.interceptor()).isSameAs(interceptor);
      }
    }

    @Test
    void aProxyServingThroughTheComponentsInterceptorPassesWhatTheChainLetsThrough()
        throws IOException {
      InterceptTestComponent component = component("match:patterns=evil;action=drop");
      try (Vmm vmm = component.vmm(); Backend backend = new Backend(false);
          InterceptingProxy proxy = InterceptingProxy.builder().listen(ANY_PORT)
              .backend(backend.address()).interceptor(component.interceptor())
              .eventLoopThreads(1).start();
          Client client = new Client(proxy.localAddress())) {
        client.send("hello ");
        Await.until("hello at the backend", () -> received(backend).equals("hello "));
        client.send("evil");
        Await.until("the drop", () -> proxy.metrics().count(Outcome.DROP) == 1);
        client.send("bye");
        Await.until("bye at the backend", () -> received(backend).equals("hello bye"));

        assertThat(vmm.guests()).extracting(GuestInfo::name).containsExactly("intercept-wired");
      }
    }

    @Test
    void closingTheInterceptorDestroysItsGuestButNotTheVmm() {
      InterceptTestComponent component = component("pass");
      try (Vmm vmm = component.vmm()) {
        component.interceptor().close();

        assertThat(vmm.guests()).isEmpty();
        assertThat(vmm.create(GuestConfig.builder("after").memorySize(3 << 20)
            .build()).state()).isEqualTo(GuestState.CREATED);
      }
    }
  }

  @Nested
  class BadSettings {
    @Test
    void anUnknownModuleFailsTheInterceptorWithItsName() {
      InterceptTestComponent component = component("no-such-module");
      try (Vmm vmm = component.vmm()) {
        assertThatThrownBy(component::interceptor).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no-such-module");
        assertThat(vmm.guests()).as("no guest is left behind").isEmpty();
      }
    }
  }

  static String received(Backend backend) {
    return backend.connections().isEmpty() ? ""
        : new String(backend.connections().getFirst().received(), StandardCharsets.ISO_8859_1);
  }
}

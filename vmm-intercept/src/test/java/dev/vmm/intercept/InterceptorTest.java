package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.testing.Backend;
import dev.vmm.intercept.testing.Client;
import dev.vmm.intercept.testing.Patient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InterceptorTest {
  @Nested
  class Discovery {
    @Test
    void theShippedModulesAreFoundThroughServiceLoader() {
      assertThat(Interceptor.availableModules())
          .contains("firewall", "match", "pass", "rewrite");
    }

    @Test
    void badModuleOptionsNameTheModuleAndTheValue() {
      assertThatThrownBy(() -> Interceptor.builder()
          .module(ModuleSpec.of("match", Map.of("action", "explode"))).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'match'");
    }
  }

  @Nested
  class Configuration {
    @Test
    void badSettingsAreRefusedWithTheValue() {
      Interceptor.Builder builder = Interceptor.builder();

      assertThatThrownBy(() -> builder.deadline(Duration.ZERO)).hasMessageContaining("PT0S");
      assertThatThrownBy(() -> builder.maxInFlightBytesPerFlow(0)).hasMessageContaining("0");
      assertThatThrownBy(() -> builder.maxInFlightBytesTotal(-5)).hasMessageContaining("-5");
      assertThatThrownBy(() -> new ChainPlacement.InProcess(0)).hasMessageContaining("0");
      assertThatThrownBy(() -> new ChainPlacement.ChildJvm(List.of(), Duration.ofSeconds(2),
          Duration.ofSeconds(1))).hasMessageContaining("PT2S");
    }

    @Test
    void anInProcessGuestHasNoProcessOfItsOwn() {
      try (Interceptor interceptor = Interceptor.builder().build()) {
        assertThat(interceptor.guestProcessId()).isEmpty();
      }
    }
  }

  @Nested
  class Metrics {
    @Test
    void countsEveryOutcomeAndRecordsLatency() throws IOException {
      try (Backend backend = new Backend(true);
          InterceptingProxy proxy = InterceptingProxy.builder()
              .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .backend(backend.address())
              .interceptor(Patient.interceptor().module(ModuleSpec.of("scripted"))).start()) {
        try (Client client = new Client(proxy.localAddress())) {
          client.send("REPLY a");
          assertThat(client.read(1)).isEqualTo("a");
          client.send("REPLACE b");
          assertThat(client.read(1)).isEqualTo("b");
        }
        InterceptMetrics metrics = proxy.metrics();

        assertThat(metrics.count(Outcome.PASS)).as("the flow's opening").isEqualTo(1);
        assertThat(metrics.count(Outcome.REPLY)).isEqualTo(1);
        assertThat(metrics.count(Outcome.REPLACE)).isEqualTo(1);
        assertThat(metrics.total()).isEqualTo(3);
        assertThat(metrics.p50Nanos()).isPositive();
        assertThat(metrics.maxNanos()).isGreaterThanOrEqualTo(metrics.p99Nanos())
            .isGreaterThanOrEqualTo(metrics.p50Nanos());
        assertThat(metrics.toString()).contains("REPLY=1");
      }
    }
  }
}

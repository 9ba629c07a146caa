package dev.vmm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestInfo;
import dev.vmm.core.HypercallError;
import dev.vmm.core.Vmm;
import dev.vmm.intercept.InterceptingProxy;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.dagger.InterceptSettings;
import dev.vmm.update.SigningKey;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.dagger.UpdateSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root component's graphs: one per command, each with its own VMM and what it needs. */
class CliComponentTest {
  final CliComponent root = CliComponent.create();

  @Nested
  class Run {
    @Test
    void eachRunGraphHasAVmmOfItsOwn() {
      RunComponent run = root.run();
      try (Vmm one = run.vmm(); Vmm other = root.run().vmm()) {
        assertThat(run.vmm()).isSameAs(one);
        assertThat(other).isNotSameAs(one);
      }
    }
  }

  @Nested
  class Update {
    @TempDir Path dir;

    @Test
    void theUpdateGraphsVmmAnswersTheUpdateCallsFromItsStore() throws Exception {
      SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));
      UpdateComponent update = root.update().create(new UpdateSettings(dir.resolve("store"),
          TrustRoot.load(1, List.of(dir.resolve("k.pub"))), UpdateVersion.parse("0.1.0")));
      try (UpdateStore store = update.openStore(); Vmm vmm = update.vmm()) {
        Guest guest = vmm.create(GuestConfig.builder("caller").memorySize(3 << 20).build());

        assertThat(vmm.hypercalls().dispatch(guest, UpdateAbi.STATUS, 0, 0, 0, 0, 0, 0))
            .as("STATUS of no session is the update service's refusal, not a missing call")
            .isNegative().isNotEqualTo(HypercallError.NO_SUCH_CALL.code());
        assertThat(store.status().activeVersion()).isEqualTo(UpdateVersion.parse("0.1.0"));
      }
    }
  }

  @Nested
  class Serve {
    @Test
    void theServeGraphsProxyRunsItsChainInAGuestOfTheGraphsVmm() {
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      ServeComponent serve = root.serve().create(
          InterceptSettings.of("serve", List.of(ModuleSpec.parse("pass"))),
          new ProxyAddresses(loopback, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)));
      try (Vmm vmm = serve.vmm(); InterceptingProxy proxy = serve.proxy()) {
        assertThat(serve.proxy()).isSameAs(proxy);
        assertThat(proxy.localAddress().getPort()).isPositive();
        assertThat(vmm.guests()).extracting(GuestInfo::name).containsExactly("intercept-serve");
      }
    }
  }
}

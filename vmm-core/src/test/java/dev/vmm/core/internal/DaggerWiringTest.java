package dev.vmm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.Vmm;
import org.junit.jupiter.api.Test;

class DaggerWiringTest {
  @Test
  void aHostComponentBuildsAVmmWithTheBuiltInAndItsOwnServices() {
    try (Vmm vmm = DaggerTestVmmComponent.factory().create(VmmSettings.defaults()).vmm()) {
      Guest guest = vmm.create(GuestConfig.builder("wired").memorySize(3 << 20).build());
      assertThat(vmm.hypercalls().dispatch(
          guest, TestServicesModule.AnswerService.NUMBER, 0, 0, 0, 0, 0, 0)).isEqualTo(42);
      assertThat(vmm.hypercalls().dispatch(guest, HypercallAbi.INFO, 0, 24, 0, 0, 0, 0))
          .as("the built-in info service is there: a NULL buffer is its fault").isEqualTo(-14);
      assertThat(vmm.placement().describe()).isEqualTo("in-process");
    }
  }

  @Test
  void eachComponentHasItsOwnSingletons() {
    TestVmmComponent component = DaggerTestVmmComponent.factory().create(VmmSettings.defaults());
    try (Vmm one = component.vmm(); Vmm other =
        DaggerTestVmmComponent.factory().create(VmmSettings.defaults()).vmm()) {
      assertThat(component.vmm()).isSameAs(one);
      assertThat(other).isNotSameAs(one);
      assertThat(other.hypercalls()).isNotSameAs(one.hypercalls());
    }
  }
}

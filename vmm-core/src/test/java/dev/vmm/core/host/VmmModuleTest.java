package dev.vmm.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallError;
import dev.vmm.core.Vmm;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** VmmModule in components of a test's own, written only against exported packages. */
class VmmModuleTest {
  @Nested
  class Services {
    @Test
    void theVmmDispatchesTheComponentsServiceBesideTheBuiltInOnes() {
      HostComponent component = DaggerHostComponent.factory().create(GuestPlacement.inProcess());
      try (Vmm vmm = component.vmm()) {
        Guest guest = vmm.create(GuestConfig.builder("wired").memorySize(3 << 20).build());

        assertThat(component.hypercalls().dispatch(guest, AnswerModule.NUMBER, 8, 0, 0, 0, 0, 0))
            .isEqualTo(50);
        assertThat(vmm.hypercalls().dispatch(guest, HypercallAbi.INFO, 0, 24, 0, 0, 0, 0))
            .as("the built-in info service is there: a NULL buffer is its fault")
            .isEqualTo(-14);
      }
    }

    @Test
    void aComponentWithoutServicesHasOnlyTheBuiltInOnes() {
      try (Vmm vmm = DaggerBareComponent.create().vmm()) {
        Guest guest = vmm.create(GuestConfig.builder("bare").memorySize(3 << 20).build());

        assertThat(vmm.hypercalls().dispatch(guest, AnswerModule.NUMBER, 8, 0, 0, 0, 0, 0))
            .isEqualTo(HypercallError.NO_SUCH_CALL.code());
        assertThat(vmm.placement().describe()).isEqualTo("in-process");
      }
    }
  }

  @Nested
  class Placement {
    @Test
    void theVmmPlacesGuestsWhereTheComponentSays() {
      GuestPlacement inProcess = GuestPlacement.inProcess();
      GuestPlacement chosen = new GuestPlacement() {
        @Override
        public String describe() {
          return "chosen by the host";
        }

        @Override
        public Placed start(Guest guest, Runnable loop) {
          return inProcess.start(guest, loop);
        }
      };
      try (Vmm vmm = DaggerHostComponent.factory().create(chosen).vmm()) {
        assertThat(vmm.placement()).isSameAs(chosen);
      }
    }
  }

  @Nested
  class Scope {
    @Test
    void oneComponentHasOneVmmAndAnotherComponentAnother() {
      HostComponent component = DaggerHostComponent.factory().create(GuestPlacement.inProcess());
      try (Vmm one = component.vmm();
          Vmm other = DaggerHostComponent.factory().create(GuestPlacement.inProcess()).vmm()) {
        assertThat(component.vmm()).isSameAs(one);
        assertThat(component.hypercalls()).isSameAs(one.hypercalls());
        assertThat(other).isNotSameAs(one);
      }
    }
  }
}

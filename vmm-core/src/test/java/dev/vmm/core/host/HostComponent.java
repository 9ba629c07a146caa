package dev.vmm.core.host;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import jakarta.inject.Singleton;

/** A host's own component, as a consumer outside vmm-core writes it: VmmModule plus its own. */
@Singleton
@Component(modules = {VmmModule.class, AnswerModule.class})
interface HostComponent {
  Vmm vmm();

  HypercallDispatcher hypercalls();

  @Component.Factory
  interface Factory {
    HostComponent create(@BindsInstance GuestPlacement placement);
  }
}

package dev.vmm.core.host;

import dagger.Component;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import jakarta.inject.Singleton;

/** The smallest component: VmmModule alone, no services, no placement. */
@Singleton
@Component(modules = VmmModule.class)
interface BareComponent {
  Vmm vmm();
}

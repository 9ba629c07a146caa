package dev.vmm.core.internal;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import jakarta.inject.Singleton;

/** A host's own component: vmm-core's modules plus one of its own. */
@Singleton
@Component(modules = {CoreModule.class, BuiltInServicesModule.class, TestServicesModule.class})
interface TestVmmComponent {
  Vmm vmm();

  @Component.Factory
  interface Factory {
    TestVmmComponent create(@BindsInstance VmmSettings settings);
  }
}

package dev.vmm.core.internal;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import jakarta.inject.Singleton;

/** vmm-core's own component, behind {@link Vmm#builder()}; hosts with Dagger write their own. */
@Singleton
@Component(modules = {CoreModule.class, BuiltInServicesModule.class})
interface CoreComponent {
  Vmm vmm();

  @Component.Factory
  interface Factory {
    CoreComponent create(@BindsInstance VmmSettings settings);
  }
}

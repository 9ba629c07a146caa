package dev.vmm.update;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import dev.vmm.core.internal.BuiltInServicesModule;
import dev.vmm.core.internal.CoreModule;
import dev.vmm.core.internal.VmmSettings;
import dev.vmm.update.dagger.UpdateModule;
import dev.vmm.update.dagger.UpdateSettings;
import jakarta.inject.Singleton;

/** A host's own component: vmm-core's modules and vmm-update's, nothing else. */
@Singleton
@Component(modules = {CoreModule.class, BuiltInServicesModule.class, UpdateModule.class})
interface UpdateTestComponent {
  Vmm vmm();

  UpdateStore store();

  @Component.Factory
  interface Factory {
    UpdateTestComponent create(@BindsInstance VmmSettings vmm, @BindsInstance UpdateSettings update);
  }
}

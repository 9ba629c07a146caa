package dev.vmm.update;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.update.dagger.UpdateModule;
import dev.vmm.update.dagger.UpdateSettings;
import jakarta.inject.Singleton;

/** A host's own component: vmm-core's modules and vmm-update's, nothing else. */
@Singleton
@Component(modules = {VmmModule.class, UpdateModule.class})
interface UpdateTestComponent {
  Vmm vmm();

  UpdateStore store();

  @Component.Factory
  interface Factory {
    UpdateTestComponent create(@BindsInstance UpdateSettings update);
  }
}

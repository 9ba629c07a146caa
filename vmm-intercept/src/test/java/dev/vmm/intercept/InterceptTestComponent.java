package dev.vmm.intercept;

import dagger.BindsInstance;
import dagger.Component;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.intercept.dagger.InterceptModule;
import dev.vmm.intercept.dagger.InterceptSettings;
import jakarta.inject.Singleton;

/** A host's own component: vmm-core's modules and vmm-intercept's, nothing else. */
@Singleton
@Component(modules = {VmmModule.class, InterceptModule.class})
interface InterceptTestComponent {
  Vmm vmm();

  Interceptor interceptor();

  @Component.Factory
  interface Factory {
    InterceptTestComponent create(@BindsInstance InterceptSettings intercept);
  }
}

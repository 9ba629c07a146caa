package dev.vmm.cli.internal;

import dagger.Subcomponent;
import dev.vmm.core.Vmm;
import dev.vmm.core.internal.BuiltInServicesModule;
import dev.vmm.core.internal.CoreModule;
import jakarta.inject.Singleton;

/** {@code vmm run}'s graph: vmm-core's modules only. */
@Singleton
@Subcomponent(modules = {CoreModule.class, BuiltInServicesModule.class})
public interface RunComponent {
  /**
   * Returns the VMM, built on first use; the command closes it.
   *
   * @return the one VMM of this graph
   */
  Vmm vmm();
}

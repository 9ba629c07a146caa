package dev.vmm.cli.internal;

import dagger.Subcomponent;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import jakarta.inject.Singleton;

/** {@code vmm run}'s graph: vmm-core's module only. */
@Singleton
@Subcomponent(modules = VmmModule.class)
public interface RunComponent {
  /**
   * Returns the VMM, built on first use; the command closes it.
   *
   * @return the one VMM of this graph
   */
  Vmm vmm();
}

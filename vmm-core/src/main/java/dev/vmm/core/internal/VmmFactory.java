package dev.vmm.core.internal;

import dev.vmm.core.Vmm;

/** Builds a VMM through vmm-core's own Dagger component, for hosts that use no Dagger. */
public final class VmmFactory {
  private VmmFactory() {}

  /**
   * Builds a VMM.
   *
   * @param settings the host's choices
   * @return the VMM
   */
  public static Vmm create(VmmSettings settings) {
    return DaggerCoreComponent.factory().create(settings).vmm();
  }
}

package dev.vmm.core.internal;

import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallService;
import java.util.List;

/**
 * What a host chooses when it builds a VMM: the Dagger graph's one instance input.
 *
 * @param services services beside those bound into the graph
 * @param placement where guests run
 * @param pluginLayer a layer to look for plug-ins in, or {@code null}
 * @param pluginLoader a class loader to look for plug-ins through, or {@code null}
 */
public record VmmSettings(
    List<HypercallService> services, GuestPlacement placement, ModuleLayer pluginLayer,
    ClassLoader pluginLoader) {
  /** The defaults: no extra services, in-process, plug-ins from the boot layer only. */
  public static VmmSettings defaults() {
    return new VmmSettings(List.of(), new InProcessPlacement(), null, null);
  }
}

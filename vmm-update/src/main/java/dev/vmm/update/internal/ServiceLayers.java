package dev.vmm.update.internal;

import dev.vmm.core.HypercallService;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.VmmService;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a version's jars into a module layer of their own and instantiates their
 * {@link VmmService} and {@link HypercallService} providers; the hypercall services register into a
 * fresh {@link HypercallTable} of the updatable block.
 *
 * <p>A {@link ModuleLayer} rather than a bare URLClassLoader: a jar with a {@code module-info} keeps
 * its encapsulation, a plain jar becomes an automatic module, two versions' identically named
 * packages never meet, and resolution fails before any code runs when a jar needs a module the VMM
 * does not have. The layer's parent is the layer holding this module (the boot layer when the VMM
 * runs on the class path), and its class loader delegates to the loader that defined
 * {@link VmmService}, so both layouts work: on the module path the jars read {@code dev.vmm.update}
 * and {@code dev.vmm.core}; on the class path, as automatic modules, they read the class path's
 * unnamed module.
 */
final class ServiceLayers {
  private ServiceLayers() {}

  /**
   * The services the VMM ships with: {@link VmmService} providers visible to its own class loader,
   * and the hypercall services its builder was given. Not {@link HypercallService} providers of the
   * class path: those are the VMM's fixed services, registered with its dispatcher, not updatable.
   *
   * @throws IllegalStateException if the hypercall services do not register into the updatable block
   */
  static LoadedServices factory(UpdateVersion version, List<HypercallService> hypercalls) {
    Map<String, VmmService> byName = new HashMap<>();
    for (VmmService service : ServiceLoader.load(VmmService.class, VmmService.class.getClassLoader())) {
      byName.putIfAbsent(service.name(), service);
    }
    return new LoadedServices(version, byName, table(version, hypercalls), null);
  }

  /**
   * Loads the jars and instantiates every provider.
   *
   * @throws IllegalStateException naming the problem when the jars do not resolve, a provider
   *     fails to instantiate, two services share a name, or a hypercall service registers a number
   *     outside the updatable block or one already taken
   */
  static LoadedServices load(UpdateVersion version, List<Path> jars) {
    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    Set<String> roots = finder.findAll().stream().map(ModuleReference::descriptor)
        .map(java.lang.module.ModuleDescriptor::name).collect(Collectors.toSet());
    ModuleLayer parent = VmmService.class.getModule().getLayer() != null
        ? VmmService.class.getModule().getLayer() : ModuleLayer.boot();
    ModuleLayer layer;
    try {
      Configuration configuration = Configuration.resolve(finder, List.of(parent.configuration()), ModuleFinder.of(),
          roots);
      layer = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(parent),
          VmmService.class.getClassLoader()).layer();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the jars of VMM " + version + " do not load: " + e.getMessage(), e);
    }
    Map<String, VmmService> byName = new HashMap<>();
    for (VmmService service : instantiate(version, layer, VmmService.class)) {
      if (byName.putIfAbsent(service.name(), service) != null) {
        throw new IllegalStateException("VMM " + version + " has two services named '" + service.name() + "'");
      }
    }
    List<HypercallService> hypercalls = instantiate(version, layer, HypercallService.class);
    if (byName.isEmpty() && hypercalls.isEmpty()) {
      throw new IllegalStateException("the jars of VMM " + version + " provide no " + VmmService.class.getName()
          + " and no " + HypercallService.class.getName());
    }
    return new LoadedServices(version, byName, table(version, hypercalls), layer);
  }

  private static HypercallTable table(UpdateVersion version, List<HypercallService> hypercalls) {
    try {
      return HypercallTable.of(version, hypercalls);
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("the hypercalls of VMM " + version + " do not register into the updatable"
          + " block 0x" + Long.toHexString(UpdateAbi.UPDATABLE_BASE) + "..0x"
          + Long.toHexString(UpdateAbi.UPDATABLE_END) + ": " + e.getMessage(), e);
    }
  }

  /** The providers defined in {@code layer} itself; {@code ServiceLoader} also offers the parents'. */
  private static <S> List<S> instantiate(UpdateVersion version, ModuleLayer layer, Class<S> type) {
    try {
      return ServiceLoader.load(layer, type).stream()
          .filter(provider -> provider.type().getModule().getLayer() == layer)
          .map(ServiceLoader.Provider::get)
          .toList();
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      throw new IllegalStateException("a service of VMM " + version + " failed to load: " + e, e);
    }
  }
}

package dev.vmm.update.internal;

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
 * {@link VmmService} providers.
 *
 * <p>A {@link ModuleLayer} rather than a bare URLClassLoader: a jar with a {@code module-info} keeps
 * its encapsulation, a plain jar becomes an automatic module, two versions' identically named
 * packages never meet, and resolution fails before any code runs when a jar needs a module the VMM
 * does not have. The layer's parent is the layer holding this module (the boot layer when the VMM
 * runs on the class path), and its class loader delegates to the loader that defined
 * {@link VmmService}, so both layouts work: on the module path the jars read {@code dev.vmm.update};
 * on the class path, as automatic modules, they read the class path's unnamed module.
 */
final class ServiceLayers {
  private ServiceLayers() {}

  /** The services the VMM ships with: providers visible to its own class loader. */
  static LoadedServices factory(UpdateVersion version) {
    Map<String, VmmService> byName = new HashMap<>();
    for (VmmService service : ServiceLoader.load(VmmService.class, VmmService.class.getClassLoader())) {
      byName.putIfAbsent(service.name(), service);
    }
    return new LoadedServices(version, byName, null);
  }

  /**
   * Loads the jars and instantiates every provider.
   *
   * @throws IllegalStateException naming the problem when the jars do not resolve, a provider
   *     fails to instantiate, or two services share a name
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
    for (VmmService service : instantiate(version, layer)) {
      if (byName.putIfAbsent(service.name(), service) != null) {
        throw new IllegalStateException("VMM " + version + " has two services named '" + service.name() + "'");
      }
    }
    if (byName.isEmpty()) {
      throw new IllegalStateException("the jars of VMM " + version + " provide no " + VmmService.class.getName());
    }
    return new LoadedServices(version, byName, layer);
  }

  /** The providers defined in {@code layer} itself; {@code ServiceLoader} also offers the parents'. */
  private static List<VmmService> instantiate(UpdateVersion version, ModuleLayer layer) {
    try {
      return ServiceLoader.load(layer, VmmService.class).stream()
          .filter(provider -> provider.type().getModule().getLayer() == layer)
          .map(ServiceLoader.Provider::get)
          .toList();
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      throw new IllegalStateException("a service of VMM " + version + " failed to load: " + e, e);
    }
  }
}

package dev.vmm.intercept.internal;

import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.ModuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The guest module providers that {@link ServiceLoader} finds, by name. */
public final class ModuleRegistry {
  private final Map<String, GuestModuleProvider> providers;

  private ModuleRegistry(Map<String, GuestModuleProvider> providers) {
    this.providers = providers;
  }

  /**
   * Loads every provider visible to this module (module path) or to the class loader (class path).
   *
   * @throws IllegalStateException if two providers claim the same name
   */
  public static ModuleRegistry load() {
    Map<String, GuestModuleProvider> byName = new TreeMap<>();
    for (GuestModuleProvider provider : ServiceLoader.load(GuestModuleProvider.class,
        ModuleRegistry.class.getClassLoader())) {
      GuestModuleProvider earlier = byName.putIfAbsent(provider.name(), provider);
      if (earlier != null && earlier.getClass() != provider.getClass()) {
        throw new IllegalStateException("two guest module providers are named '" + provider.name()
            + "': " + earlier.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return new ModuleRegistry(byName);
  }

  /** Returns the provider names, sorted. */
  public List<String> names() {
    return List.copyOf(providers.keySet());
  }

  /**
   * Makes the modules of a chain, in order.
   *
   * @throws IllegalArgumentException naming an unknown module, or a provider's complaint about
   *     its options
   */
  public List<GuestModule<?>> create(List<ModuleSpec> chain) {
    List<GuestModule<?>> modules = new ArrayList<>(chain.size());
    for (ModuleSpec spec : chain) {
      GuestModuleProvider provider = providers.get(spec.name());
      if (provider == null) {
        throw new IllegalArgumentException("no guest module named '" + spec.name()
            + "'; available: " + providers.keySet());
      }
      try {
        modules.add(provider.create(spec.options()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("guest module '" + spec.name() + "': " + e.getMessage(),
            e);
      }
    }
    return modules;
  }
}

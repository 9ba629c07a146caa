package dev.vmm.intercept.internal;

import dev.vmm.core.GuestExtensionContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.ModuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Makes a chain's guest modules by name. In a vmm-core guest the guest kernel's module host makes
 * them ({@link #fromGuest}); a child JVM, which has no vmm-core guest, finds the same providers
 * through {@link ServiceLoader} itself ({@link #load}).
 */
public final class ModuleRegistry {
  /** A provider by name: makes a module from its options. */
  private interface Maker {
    GuestModule<?> make(String name, Map<String, String> options);
  }

  private final Maker maker;

  private ModuleRegistry(Maker maker) {
    this.maker = maker;
  }

  /** Modules made by the guest kernel that runs {@code context}'s extension. */
  static ModuleRegistry fromGuest(GuestExtensionContext context) {
    return new ModuleRegistry((name, options) -> context.module(GuestModule.class, name, options));
  }

  /**
   * Loads every vmm-core {@code GuestModuleProvider} of interception modules visible to this module
   * (module path) or to its class loader (class path).
   *
   * @throws IllegalStateException if two providers claim the same name
   */
  public static ModuleRegistry load() {
    Map<String, dev.vmm.core.GuestModuleProvider> byName = discover();
    return new ModuleRegistry((name, options) -> {
      dev.vmm.core.GuestModuleProvider provider = byName.get(name);
      if (provider == null) {
        throw new IllegalArgumentException("no guest module named '" + name + "'; available: "
            + byName.keySet());
      }
      return (GuestModule<?>) provider.create(options);
    });
  }

  /** Returns the names of the interception module providers {@link #load} finds, sorted. */
  public static List<String> names() {
    return List.copyOf(discover().keySet());
  }

  private static Map<String, dev.vmm.core.GuestModuleProvider> discover() {
    Map<String, dev.vmm.core.GuestModuleProvider> byName = new TreeMap<>();
    for (dev.vmm.core.GuestModuleProvider provider : ServiceLoader.load(
        dev.vmm.core.GuestModuleProvider.class, ModuleRegistry.class.getClassLoader())) {
      if (provider.moduleType() != GuestModule.class) {
        continue;
      }
      dev.vmm.core.GuestModuleProvider earlier = byName.putIfAbsent(provider.name(), provider);
      if (earlier != null && earlier.getClass() != provider.getClass()) {
        throw new IllegalStateException("two guest module providers are named '" + provider.name()
            + "': " + earlier.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return byName;
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
      try {
        modules.add(maker.make(spec.name(), spec.options()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("guest module '" + spec.name() + "': " + e.getMessage(),
            e);
      }
    }
    return modules;
  }
}

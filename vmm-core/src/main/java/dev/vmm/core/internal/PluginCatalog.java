package dev.vmm.core.internal;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestModuleProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The plug-ins on offer, guest extensions and guest module providers, found once through
 * {@link ServiceLoader}: the boot layer (module {@code provides}, and {@code META-INF/services}
 * on the class path), an optional layer and an optional class loader. Each guest gets fresh
 * extensions and modules; the first provider of a name wins.
 */
final class PluginCatalog {
  private final Map<String, Supplier<GuestExtension>> extensions;
  /** Module providers by module type and name: stateless factories, so one instance each. */
  private final Map<Class<?>, Map<String, GuestModuleProvider>> modules;

  private PluginCatalog(Map<String, Supplier<GuestExtension>> extensions,
      Map<Class<?>, Map<String, GuestModuleProvider>> modules) {
    this.extensions = extensions;
    this.modules = modules;
  }

  static PluginCatalog discover(ModuleLayer layer, ClassLoader loader) {
    Map<Class<?>, Map<String, GuestModuleProvider>> modules = new HashMap<>();
    for (Supplier<GuestModuleProvider> provider : find(GuestModuleProvider.class,
        p -> p.moduleType().getName() + "/" + p.name(), layer, loader).values()) {
      GuestModuleProvider p = provider.get();
      modules.computeIfAbsent(p.moduleType(), type -> new TreeMap<>()).put(p.name(), p);
    }
    return new PluginCatalog(find(GuestExtension.class, GuestExtension::name, layer, loader),
        modules);
  }

  private static <S> Map<String, Supplier<S>> find(
      Class<S> service, Function<S, String> name, ModuleLayer layer, ClassLoader loader) {
    List<ServiceLoader<S>> loaders = new ArrayList<>();
    loaders.add(ServiceLoader.load(service, PluginCatalog.class.getClassLoader()));
    if (layer != null) {
      loaders.add(ServiceLoader.load(layer, service));
    }
    if (loader != null) {
      loaders.add(ServiceLoader.load(service, loader));
    }
    Map<String, Supplier<S>> found = new TreeMap<>();
    for (ServiceLoader<S> serviceLoader : loaders) {
      serviceLoader.stream().forEach(provider -> found.putIfAbsent(
          name.apply(provider.get()), provider::get));
    }
    return found;
  }

  GuestExtension extension(String name) {
    return make(extensions, name, "extension");
  }

  /** A new module of {@code type} from the provider named {@code name}. */
  <M> M module(Class<M> type, String name, Map<String, String> options) {
    Map<String, GuestModuleProvider> ofType = modules.getOrDefault(type, Map.of());
    GuestModuleProvider provider = ofType.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no guest module named '" + name + "' makes "
          + type.getName() + "; on offer: " + ofType.keySet());
    }
    Object module = provider.create(options);
    if (!type.isInstance(module)) {
      throw new IllegalArgumentException("guest module provider '" + name + "' ("
          + provider.getClass().getName() + ") made a " + module.getClass().getName()
          + ", not a " + type.getName());
    }
    return type.cast(module);
  }

  private static <S> S make(Map<String, Supplier<S>> from, String name, String what) {
    Supplier<S> supplier = from.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException(
          "no guest " + what + " named '" + name + "'; on offer: " + from.keySet());
    }
    return supplier.get();
  }
}

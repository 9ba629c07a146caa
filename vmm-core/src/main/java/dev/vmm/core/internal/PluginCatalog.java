package dev.vmm.core.internal;

import dev.vmm.core.GuestExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The plug-ins on offer, found once through {@link ServiceLoader}: the boot layer (module
 * {@code provides}, and {@code META-INF/services} on the class path), an optional layer and an
 * optional class loader. Each guest gets fresh instances; the first provider of a name wins.
 */
final class PluginCatalog {
  private final Map<String, Supplier<GuestExtension>> extensions;

  private PluginCatalog(Map<String, Supplier<GuestExtension>> extensions) {
    this.extensions = extensions;
  }

  static PluginCatalog discover(ModuleLayer layer, ClassLoader loader) {
    return new PluginCatalog(find(GuestExtension.class, GuestExtension::name, layer, loader));
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

  private static <S> S make(Map<String, Supplier<S>> from, String name, String what) {
    Supplier<S> supplier = from.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException(
          "no guest " + what + " named '" + name + "'; on offer: " + from.keySet());
    }
    return supplier.get();
  }
}

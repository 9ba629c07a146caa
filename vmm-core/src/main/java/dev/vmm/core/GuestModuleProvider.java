package dev.vmm.core;

import java.util.Map;

/**
 * Makes guest modules: plug-ins that run inside a guest on work a host feature feeds them
 * (vmm-intercept's interception modules are the first kind). Provided through
 * {@link java.util.ServiceLoader}, as {@link GuestExtension}s are: {@code provides
 * dev.vmm.core.GuestModuleProvider with ...} in a module, or {@code META-INF/services} on the class
 * path. The guest kernel hosts them: the feature's extension in a guest asks its context for the
 * modules it was configured with, by type and name ({@link GuestExtensionContext#module}).
 *
 * <p>A feature usually narrows this interface to its own module type (vmm-intercept's
 * {@code dev.vmm.intercept.GuestModuleProvider}); plug-in authors implement that one.
 */
public interface GuestModuleProvider {
  /**
   * Returns the name a feature's configuration selects this provider by.
   *
   * @return the name, unique among the providers of one {@link #moduleType()}
   */
  String name();

  /**
   * Returns the kind of module this provider makes, which the feature asks for.
   *
   * @return the module type
   */
  Class<?> moduleType();

  /**
   * Makes a module.
   *
   * @param options the module's options, as configured
   * @return a new module, an instance of {@link #moduleType()}
   * @throws IllegalArgumentException naming the option and the value that is wrong
   */
  Object create(Map<String, String> options);
}

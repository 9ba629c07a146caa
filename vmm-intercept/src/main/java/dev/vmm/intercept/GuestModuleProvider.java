package dev.vmm.intercept;

import java.util.Map;

/**
 * Makes guest modules by name: the service that {@link java.util.ServiceLoader} discovers.
 *
 * <p>A plug-in declares it with {@code provides dev.vmm.intercept.GuestModuleProvider with ...} in
 * its {@code module-info.java} and, for the class path (a child-JVM guest, a shaded jar), in
 * {@code META-INF/services/dev.vmm.intercept.GuestModuleProvider}. A chain names modules through
 * {@link ModuleSpec}s; the same spec makes the same module in the host JVM and in a child JVM.
 */
public interface GuestModuleProvider {

  /**
   * Returns the name a {@link ModuleSpec} uses to pick this provider; unique among providers.
   *
   * @return the name, for example {@code "firewall"}
   */
  String name();

  /**
   * Makes a module, shared by every flow of one listener.
   *
   * @param options the spec's options
   * @return the module
   * @throws IllegalArgumentException naming the option and the value that is wrong
   */
  GuestModule<?> create(Map<String, String> options);
}

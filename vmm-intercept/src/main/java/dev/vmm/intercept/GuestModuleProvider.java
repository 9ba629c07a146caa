package dev.vmm.intercept;

import java.util.Map;

/**
 * Makes interception modules by name: vmm-core's {@link dev.vmm.core.GuestModuleProvider}
 * narrowed to {@link GuestModule}s, which the guest kernel's module host discovers.
 *
 * <p>A plug-in implements this interface and declares it as a vmm-core guest module provider:
 * {@code provides dev.vmm.core.GuestModuleProvider with ...} in its {@code module-info.java} and,
 * for the class path (a child-JVM guest, a shaded jar), in
 * {@code META-INF/services/dev.vmm.core.GuestModuleProvider}. A chain names modules through
 * {@link ModuleSpec}s; the same spec makes the same module in the host JVM and in a child JVM.
 */
public interface GuestModuleProvider extends dev.vmm.core.GuestModuleProvider {

  /**
   * Returns the name a {@link ModuleSpec} uses to pick this provider; unique among providers.
   *
   * @return the name, for example {@code "firewall"}
   */
  @Override
  String name();

  /**
   * Returns {@link GuestModule}, the kind of module interception feeds.
   *
   * @return {@code GuestModule.class}
   */
  @Override
  default Class<?> moduleType() {
    return GuestModule.class;
  }

  /**
   * Makes a module, shared by every flow of one listener.
   *
   * @param options the spec's options
   * @return the module
   * @throws IllegalArgumentException naming the option and the value that is wrong
   */
  @Override
  GuestModule<?> create(Map<String, String> options);
}

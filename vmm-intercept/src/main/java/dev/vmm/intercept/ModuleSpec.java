package dev.vmm.intercept;

import java.util.Map;
import java.util.Objects;

/**
 * One link of a chain: the name of a {@link GuestModuleProvider} and its options. Specs are plain
 * strings so that a chain can be sent to a child-JVM guest and written in configuration.
 *
 * @param name the provider's name
 * @param options the provider's options, copied
 */
public record ModuleSpec(String name, Map<String, String> options) {

  /**
   * Copies the options.
   *
   * @throws NullPointerException if the name or an option is null
   */
  public ModuleSpec {
    Objects.requireNonNull(name, "name");
    options = Map.copyOf(options);
  }

  /**
   * Returns a spec without options.
   *
   * @param name the provider's name
   * @return the spec
   */
  public static ModuleSpec of(String name) {
    return new ModuleSpec(name, Map.of());
  }

  /**
   * Returns a spec with options.
   *
   * @param name the provider's name
   * @param options the options
   * @return the spec
   */
  public static ModuleSpec of(String name, Map<String, String> options) {
    return new ModuleSpec(name, options);
  }
}

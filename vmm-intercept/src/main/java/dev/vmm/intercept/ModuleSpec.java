package dev.vmm.intercept;

import java.util.LinkedHashMap;
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

  /**
   * Parses the command-line form {@code name} or {@code name:key=value;key=value}, for example
   * {@code match:patterns=DROP TABLE,<script;action=close}. Values run to the next {@code ;} and
   * may contain anything else; a key may appear once.
   *
   * @param text the spec
   * @return the spec
   * @throws IllegalArgumentException naming the part of {@code text} that is malformed
   */
  public static ModuleSpec parse(String text) {
    int colon = text.indexOf(':');
    String name = (colon < 0 ? text : text.substring(0, colon)).strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("module spec '" + text + "' has no module name");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String option : text.substring(colon + 1).split(";")) {
        int equals = option.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException("option '" + option + "' in module spec '" + text
              + "' is not key=value");
        }
        String key = option.substring(0, equals).strip();
        if (options.putIfAbsent(key, option.substring(equals + 1)) != null) {
          throw new IllegalArgumentException("option '" + key + "' appears twice in module spec '"
              + text + "'");
        }
      }
    }
    return new ModuleSpec(name, options);
  }
}

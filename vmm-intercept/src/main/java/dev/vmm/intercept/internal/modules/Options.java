package dev.vmm.intercept.internal.modules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks and reads the string options of the shipped modules, naming any bad key or value. */
final class Options {
  private Options() {}

  static void requireOnly(Map<String, String> options, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "'; allowed: "
            + Arrays.toString(allowed));
      }
    }
  }

  /** A comma-separated list; blanks around items are dropped, empty items are not allowed. */
  static List<String> list(Map<String, String> options, String key) {
    String value = options.get(key);
    List<String> items = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return items;
    }
    for (String item : value.split(",", -1)) {
      String trimmed = item.strip();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("option '" + key + "' has an empty item: '" + value
            + "'");
      }
      items.add(trimmed);
    }
    return items;
  }

  static String oneOf(Map<String, String> options, String key, String fallback,
      String... values) {
    String value = options.getOrDefault(key, fallback);
    if (!Arrays.asList(values).contains(value)) {
      throw new IllegalArgumentException("option '" + key + "' must be one of "
          + Arrays.toString(values) + ", was '" + value + "'");
    }
    return value;
  }

  static String required(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("option '" + key + "' is required");
    }
    return value;
  }
}

package dev.vmm.update.internal;

/**
 * The rule for guest-extension names. A name becomes a directory name in the guest, so it is kept
 * to a set of characters no file system or shell treats specially: no separators, no leading dot,
 * no {@code ..}.
 */
public final class ExtensionNames {
  public static final int MAX_LENGTH = 64;

  private ExtensionNames() {}

  /** Why {@code name} is not a valid extension name, or null if it is one. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "an extension name must not be empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "extension name '" + printable(name) + "' is " + name.length() + " characters long, the limit is "
          + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return "extension name '" + printable(name) + "' has '" + printable(String.valueOf(c)) + "' at index " + i
            + ": names are [a-z0-9] followed by [a-z0-9._-]";
      }
    }
    if (name.contains("..")) {
      return "extension name '" + name + "' contains '..'";
    }
    return null;
  }

  /** The name with control and non-ASCII characters escaped, so an error message stays one line. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7f) {
        out.appendCodePoint(c);
      } else {
        out.append(String.format("\\u%04x", c));
      }
    });
    return out.toString();
  }
}

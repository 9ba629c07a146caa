package dev.vmm.update;

import java.util.Comparator;
import java.util.Objects;

/**
 * A version of the VMM or of a guest extension: {@code major.minor.patch}, compared numerically.
 *
 * @param major the major number, 0 or more
 * @param minor the minor number, 0 or more
 * @param patch the patch number, 0 or more
 */
public record UpdateVersion(int major, int minor, int patch) implements Comparable<UpdateVersion> {
  private static final Comparator<UpdateVersion> ORDER = Comparator.comparingInt(UpdateVersion::major)
      .thenComparingInt(UpdateVersion::minor).thenComparingInt(UpdateVersion::patch);

  /**
   * Checks the numbers.
   *
   * @throws IllegalArgumentException if a number is negative
   */
  public UpdateVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "version numbers must not be negative: " + major + "." + minor + "." + patch);
    }
  }

  /**
   * Parses {@code major.minor.patch}, three decimal numbers.
   *
   * @param text the version, for example {@code 1.4.0}
   * @return the version
   * @throws IllegalArgumentException naming the text if it is not three non-negative numbers
   */
  public static UpdateVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a major.minor.patch version: '" + text + "'");
    }
    try {
      return new UpdateVersion(number(parts[0], text), number(parts[1], text), number(parts[2], text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a major.minor.patch version: '" + text + "'", e);
    }
  }

  private static int number(String part, String text) {
    if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not a major.minor.patch version: '" + text + "'");
    }
    return Integer.parseInt(part);
  }

  /**
   * Whether this version is strictly newer than {@code other}.
   *
   * @param other the version to compare with
   * @return true if this one sorts after {@code other}
   */
  public boolean isNewerThan(UpdateVersion other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(UpdateVersion other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}

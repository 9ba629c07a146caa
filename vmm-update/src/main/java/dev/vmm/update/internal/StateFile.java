package dev.vmm.update.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pointer that says which version is active: the one file whose atomic replacement is the
 * commit. Text, one {@code field value} per line:
 *
 * <pre>
 * vmm-update state 1
 * active 1.2.0-3f9a0c1d2e4b      (a version directory, or "factory")
 * previous 1.1.0-77aa01b2c3d4    (a version directory, "factory", or "none")
 * retiring 1.0.5-0c1d2e3f4a5b    (during a trial: what "previous" was before it, kept until the
 *                                trial passes so a rollback restores it; otherwise "none")
 * trial true                     (true from the switch until the health check passes)
 * rollback &lt;one line&gt;            (why the last automatic rollback happened, or "none")
 * </pre>
 *
 * @param active the active version directory's name, or {@link #FACTORY}
 * @param previous the version to roll back to, {@link #FACTORY}, or {@link #NONE}
 * @param retiring during a trial, the previous version before it began, or {@link #NONE}
 * @param trial whether the active version has not yet passed its health check
 * @param lastRollback why the last automatic rollback happened, or {@link #NONE}
 */
public record StateFile(String active, String previous, String retiring, boolean trial, String lastRollback) {
  public static final String FACTORY = "factory";
  public static final String NONE = "none";
  static final String HEADER = "vmm-update state 1";
  public static final StateFile INITIAL = new StateFile(FACTORY, NONE, NONE, false, NONE);

  public StateFile {
    if (!FACTORY.equals(active) && !VersionDirectories.isVersionName(active)) {
      throw new IllegalArgumentException("active version '" + ExtensionNames.printable(active) + "' is not a version name");
    }
    checkTarget("previous", previous);
    checkTarget("retiring", retiring);
    lastRollback = ExtensionNames.printable(lastRollback);
  }

  private static void checkTarget(String field, String value) {
    if (!NONE.equals(value) && !FACTORY.equals(value) && !VersionDirectories.isVersionName(value)) {
      throw new IllegalArgumentException(field + " version '" + ExtensionNames.printable(value)
          + "' is not a version name");
    }
  }

  public static StateFile read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException fresh) {
      return INITIAL;
    }
    if (lines.size() != 6 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("active ")
        || !lines.get(2).startsWith("previous ") || !lines.get(3).startsWith("retiring ")
        || !lines.get(4).matches("trial (true|false)") || !lines.get(5).startsWith("rollback ")) {
      throw new IOException(file + " is not a vmm-update state file; it was written atomically, so something else"
          + " changed it: " + ExtensionNames.printable(String.join(" | ", lines)));
    }
    try {
      return new StateFile(lines.get(1).substring(7), lines.get(2).substring(9), lines.get(3).substring(9),
          lines.get(4).equals("trial true"), lines.get(5).substring(9));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) throws IOException {
    String text = HEADER + "\nactive " + active + "\nprevious " + previous + "\nretiring " + retiring + "\ntrial " + trial + "\nrollback "
        + lastRollback + "\n";
    AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
  }
}

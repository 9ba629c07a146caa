package dev.vmm.update.internal.guest;

/**
 * Told each step the updater reaches inside its guest ({@code "staged NAME"}, {@code "switched
 * NAME"}, {@code "downloading"}), so a test can stop the process exactly there.
 */
@FunctionalInterface
public interface UpdaterProbe {
  /** Hears nothing. */
  UpdaterProbe NONE = point -> {};

  /**
   * A step was reached and its files are written.
   *
   * @param point which step
   */
  void reached(String point);
}

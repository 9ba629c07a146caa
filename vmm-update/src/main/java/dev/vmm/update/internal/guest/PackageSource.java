package dev.vmm.update.internal.guest;

import java.io.IOException;
import java.nio.file.Path;

/** Where the updater gets packages inside its guest: a file at a time, ready on the guest's disk. */
interface PackageSource {
  /**
   * Looks for a package once.
   *
   * @return a whole package file, or null if none is ready yet
   */
  Path next() throws IOException, InterruptedException;

  /** The package was dealt with (installed, refused, or not newer): it is not offered again. */
  void done(Path pkg) throws IOException;
}

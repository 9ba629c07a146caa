package dev.vmm.update.internal;

import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateVersion;
import java.util.Objects;

/** The checks every payload entry of a manifest shares. */
public final class PartChecks {
  private PartChecks() {}

  public static void check(String what, UpdateVersion version, long length, String sha256) {
    Objects.requireNonNull(version, "version");
    if (length < 1 || length > UpdatePackage.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(what + " has length " + length + ", outside 1.."
          + UpdatePackage.MAX_PAYLOAD_LENGTH);
    }
    if (!Digests.isSha256Hex(sha256)) {
      throw new IllegalArgumentException(what + " has digest '" + sha256
          + "', not 64 lowercase hex digits");
    }
  }
}

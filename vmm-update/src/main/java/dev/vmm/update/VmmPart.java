package dev.vmm.update;

import dev.vmm.update.internal.PartChecks;

/**
 * The VMM update a manifest names: a zip of jars whose {@link VmmService} providers become the
 * VMM's services when the update is committed.
 *
 * @param version the VMM version the payload is
 * @param length the payload's exact length in bytes, 1 to {@link UpdatePackage#MAX_PAYLOAD_LENGTH}
 * @param sha256 the payload's SHA-256, 64 lowercase hex digits
 */
public record VmmPart(UpdateVersion version, long length, String sha256) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming a length out of range or a malformed digest
   */
  public VmmPart {
    PartChecks.check("the VMM payload", version, length, sha256);
  }
}

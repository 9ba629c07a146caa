package dev.vmm.update;

import dev.vmm.update.internal.ExtensionNames;
import dev.vmm.update.internal.PartChecks;

/**
 * A guest-extension update a manifest names.
 *
 * @param name the extension's name: 1 to 64 characters, {@code [a-z0-9]} then {@code [a-z0-9._-]},
 *     never containing {@code ..}
 * @param version the extension version the payload is
 * @param length the payload's exact length in bytes, 1 to {@link UpdatePackage#MAX_PAYLOAD_LENGTH}
 * @param sha256 the payload's SHA-256, 64 lowercase hex digits
 */
public record ExtensionPart(String name, UpdateVersion version, long length, String sha256) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming a bad name, a length out of range or a malformed digest
   */
  public ExtensionPart {
    String problem = ExtensionNames.problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    PartChecks.check("extension '" + name + "'", version, length, sha256);
  }
}

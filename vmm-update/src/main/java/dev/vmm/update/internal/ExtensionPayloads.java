package dev.vmm.update.internal;

import dev.vmm.update.ExtensionPart;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The check of one guest-extension payload against a verified manifest, behind
 * {@link dev.vmm.update.PackageVerifier#verifyExtension}; it needs no trust root of its own, so the
 * guest's updater uses it on a manifest the VMM has just verified.
 */
public final class ExtensionPayloads {
  private ExtensionPayloads() {}

  public static ExtensionPart verify(PackageManifest manifest, String name, UpdateVersion installed,
      InputStream payload) throws IOException, UpdateRejectedException {
    ExtensionPart part = manifest.extension(name).orElseThrow(() -> new UpdateRejectedException(
        Rejection.WRONG_PACKAGE, "package " + manifest.packageId() + " carries no update of extension '" + name + "'"));
    if (installed != null && !part.version().isNewerThan(installed)) {
      throw new UpdateRejectedException(Rejection.NOT_NEWER, "extension '" + name + "' " + part.version()
          + " is not newer than the installed " + installed);
    }
    MessageDigest digest = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (total <= part.length()) {
      int n = payload.read(buffer, 0, (int) Math.min(buffer.length, part.length() + 1 - total));
      if (n < 0) {
        break;
      }
      digest.update(buffer, 0, n);
      total += n;
    }
    if (total != part.length()) {
      throw new UpdateRejectedException(total < part.length() ? Rejection.TRUNCATED : Rejection.OVERSIZED,
          "extension '" + name + "' payload is " + (total > part.length() ? "longer than " : total + " bytes, not ")
              + part.length() + " bytes as signed");
    }
    byte[] actual = digest.digest();
    if (!Digests.sameDigest(part.sha256(), actual)) {
      throw new UpdateRejectedException(Rejection.DIGEST_MISMATCH, "extension '" + name + "' payload has SHA-256 "
          + Digests.hex(actual) + ", the manifest signs " + part.sha256());
    }
    return part;
  }
}

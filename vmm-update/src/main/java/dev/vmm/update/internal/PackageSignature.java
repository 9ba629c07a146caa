package dev.vmm.update.internal;

import dev.vmm.update.KeyId;

/** One signature of a package's signature block: who signed the manifest, and the 64 bytes. */
public record PackageSignature(KeyId keyId, byte[] signature) {
  public PackageSignature {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}

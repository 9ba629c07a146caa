package dev.vmm.update;

import dev.vmm.update.internal.Ed25519;
import dev.vmm.update.internal.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A public Ed25519 key the VMM trusts to sign updates.
 *
 * @param id the key's id
 * @param publicKey the key
 */
public record TrustedKey(KeyId id, PublicKey publicKey) {
  /**
   * Checks that the id is the key's.
   *
   * @throws IllegalArgumentException if the key is not Ed25519 or the id is not its id
   */
  public TrustedKey {
    Objects.requireNonNull(publicKey, "publicKey");
    if (!Ed25519.ALGORITHM.equalsIgnoreCase(publicKey.getAlgorithm())
        && !"EdDSA".equalsIgnoreCase(publicKey.getAlgorithm())) {
      throw new IllegalArgumentException("not an Ed25519 key: " + publicKey.getAlgorithm());
    }
    if (!Ed25519.idOf(publicKey).equals(id)) {
      throw new IllegalArgumentException("key id " + id + " is not the id of the key, " + Ed25519.idOf(publicKey));
    }
  }

  /**
   * The trusted key for a public key, with its computed id.
   *
   * @param publicKey an Ed25519 public key
   * @return the trusted key
   */
  public static TrustedKey of(PublicKey publicKey) {
    return new TrustedKey(Ed25519.idOf(publicKey), publicKey);
  }

  /**
   * Reads a public key file written by {@link SigningKey#generate}.
   *
   * @param publicKeyFile the file
   * @return the key
   * @throws IOException if the file cannot be read or is not a public key file whose id matches
   */
  public static TrustedKey load(Path publicKeyFile) throws IOException {
    return of(KeyFiles.readPublic(Objects.requireNonNull(publicKeyFile, "publicKeyFile")));
  }
}

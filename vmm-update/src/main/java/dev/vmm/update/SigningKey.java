package dev.vmm.update;

import dev.vmm.update.internal.Ed25519;
import dev.vmm.update.internal.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;

/**
 * An Ed25519 key pair that signs update packages. The private key stays in its file (permissions
 * {@code 600}) and in this object; give the VMM only the {@link #trustedKey() public half}.
 */
public final class SigningKey {
  private final KeyPair pair;
  private final KeyId id;

  private SigningKey(KeyPair pair) {
    this.pair = pair;
    this.id = Ed25519.idOf(pair.getPublic());
  }

  /**
   * Generates a new key pair and writes it: the private key file (created with permissions
   * {@code 600} on POSIX file systems) and the public key file, in the formats of
   * {@code docs/update-package.md}. Neither file may exist yet.
   *
   * @param privateKeyFile where the private key goes, for example {@code release.key}
   * @param publicKeyFile where the public key goes, for example {@code release.pub}
   * @return the new key
   * @throws IOException if a file exists already or cannot be written
   */
  public static SigningKey generate(Path privateKeyFile, Path publicKeyFile) throws IOException {
    KeyPair pair = Ed25519.generate();
    KeyFiles.writePrivate(privateKeyFile, pair);
    KeyFiles.writePublic(publicKeyFile, pair.getPublic());
    return new SigningKey(pair);
  }

  /**
   * Reads a private key file written by {@link #generate}.
   *
   * @param privateKeyFile the file
   * @return the key
   * @throws IOException if the file cannot be read, is not a key file, or its halves do not match
   */
  public static SigningKey load(Path privateKeyFile) throws IOException {
    return new SigningKey(KeyFiles.readPrivate(Objects.requireNonNull(privateKeyFile, "privateKeyFile")));
  }

  /**
   * The key's id.
   *
   * @return the SHA-256 of the public key
   */
  public KeyId id() {
    return id;
  }

  /**
   * The public half, to put in a {@link TrustRoot}.
   *
   * @return the public key
   */
  public TrustedKey trustedKey() {
    return TrustedKey.of(pair.getPublic());
  }

  byte[] sign(byte[] manifest) {
    return Ed25519.sign(pair.getPrivate(), manifest);
  }

  @Override
  public String toString() {
    return "SigningKey[" + id + "]";
  }
}

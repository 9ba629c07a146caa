package dev.vmm.update;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The id of an Ed25519 key: the SHA-256 of the key's X.509 {@code SubjectPublicKeyInfo} encoding,
 * written as 64 lowercase hex digits.
 *
 * @param hex the 64 lowercase hex digits
 */
public record KeyId(String hex) {
  /** Bytes in a key id. */
  public static final int LENGTH = 32;

  /**
   * Checks the form.
   *
   * @throws IllegalArgumentException naming the text if it is not 64 lowercase hex digits
   */
  public KeyId {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("a key id is 64 lowercase hex digits, not '" + hex + "'");
    }
  }

  /**
   * The id with these 32 bytes.
   *
   * @param bytes the 32 bytes
   * @return the key id
   * @throws IllegalArgumentException if there are not 32 bytes
   */
  public static KeyId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a key id has 32 bytes, not " + bytes.length);
    }
    return new KeyId(HexFormat.of().formatHex(bytes));
  }

  /**
   * The 32 bytes of the id.
   *
   * @return a new array
   */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}

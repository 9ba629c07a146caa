package dev.vmm.update.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest of the package format, its hex form, and CRC32C for chunk framing. */
public final class Digests {
  /** Bytes in a SHA-256 digest. */
  public static final int SHA256_LENGTH = 32;

  private Digests() {}

  /** A new SHA-256 digest; every JDK has one, so its absence is a broken JDK. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  public static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  /** The CRC32C of a range, as the int a chunk carries. */
  public static int crc32c(byte[] bytes, int offset, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  public static String sha256Hex(byte[] bytes) {
    return hex(sha256(bytes));
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether {@code text} is 64 lowercase hex digits, the only form a digest is written in. */
  public static boolean isSha256Hex(String text) {
    return text != null && text.length() == 2 * SHA256_LENGTH
        && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** Compares in time independent of where the first difference is. */
  public static boolean sameDigest(String expectedHex, byte[] actual) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(expectedHex), actual);
  }
}

package dev.vmm.update;

/**
 * Why a package, a chunk or a commit was refused. Each reason has a stable code, so the hypercall
 * layer can return it to a guest as an error number.
 */
public enum Rejection {
  /** The bytes do not follow the package format (bad magic, a field out of range, trailing bytes). */
  MALFORMED(1),
  /** The package or a payload ends before the length the manifest signs. */
  TRUNCATED(2),
  /** The package or a payload is longer than signed, or longer than this VMM accepts. */
  OVERSIZED(3),
  /** A payload's SHA-256 differs from the one the manifest signs. */
  DIGEST_MISMATCH(4),
  /** A signature is by a key the trust root does not hold. */
  UNKNOWN_KEY(5),
  /** A signature by a trusted key does not verify over the manifest. */
  BAD_SIGNATURE(6),
  /** Fewer distinct trusted keys signed than the trust root's threshold. */
  THRESHOLD_NOT_MET(7),
  /** The manifest's expiry time has passed (a freeze attack, or a stale mirror). */
  EXPIRED(8),
  /** The version is not strictly newer than the installed one (a rollback attack or a replay). */
  NOT_NEWER(9),
  /** An extension name is empty, too long, or has characters outside {@code [a-z0-9._-]}. */
  BAD_EXTENSION_NAME(10),
  /** The request names a package other than the one staged (mix-and-match). */
  WRONG_PACKAGE(11),
  /** A chunk does not start where the verified prefix ends. */
  OFFSET_MISMATCH(12),
  /** A chunk's bytes do not match the CRC32C sent with it (damage in transit). */
  CHUNK_DIGEST_MISMATCH(13),
  /** Commit was asked for while no completely staged and verified payload exists. */
  NOT_STAGED(14),
  /** The VMM payload is not a well-formed set of jars. */
  BAD_PAYLOAD(15);

  private final int code;

  Rejection(int code) {
    this.code = code;
  }

  /**
   * The stable number of this reason, 1 or more.
   *
   * @return the code
   */
  public int code() {
    return code;
  }
}

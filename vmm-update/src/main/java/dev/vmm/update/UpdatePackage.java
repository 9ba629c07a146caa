package dev.vmm.update;

import dev.vmm.update.internal.Digests;
import dev.vmm.update.internal.PackageSignature;
import dev.vmm.update.internal.RangeInputStream;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * A package file opened for reading: its manifest, its signed header and its payloads. Opening
 * checks the structure (the lengths add up to the file's size exactly); it does not check the
 * signatures, which is {@link PackageVerifier}'s job, nor the payload digests, which is
 * {@link #verifyPayloads()}'s. Build packages with {@link #builder()}.
 *
 * <p>The layout is specified in {@code docs/update-package.md}: a signed header (magic, lengths,
 * manifest, signatures) followed by the VMM payload and then each extension payload in manifest
 * order.
 */
public final class UpdatePackage {
  /** The largest payload a manifest may name: 1 TiB. */
  public static final long MAX_PAYLOAD_LENGTH = 1L << 40;

  private final Path file;
  private final byte[] signedHeader;
  private final SignedHeader header;

  private UpdatePackage(Path file, byte[] signedHeader, SignedHeader header) {
    this.file = file;
    this.signedHeader = signedHeader;
    this.header = header;
  }

  /**
   * A builder that writes and signs a package.
   *
   * @return a new builder
   */
  public static PackageBuilder builder() {
    return new PackageBuilder();
  }

  /**
   * Opens a package file and checks its structure.
   *
   * @param file the package
   * @return the package
   * @throws IOException if the file cannot be read
   * @throws UpdateRejectedException if the file is malformed, truncated or longer than its
   *     manifest says
   */
  public static UpdatePackage open(Path file) throws IOException, UpdateRejectedException {
    Objects.requireNonNull(file, "file");
    long size = Files.size(file);
    byte[] prefix;
    try (InputStream in = Files.newInputStream(file)) {
      prefix = in.readNBytes(SignedHeader.PREFIX_LENGTH);
    }
    int headerLength = SignedHeader.totalLength(prefix);
    if (size < headerLength) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          file + " is " + size + " bytes, shorter than its " + headerLength + "-byte header");
    }
    byte[] headerBytes;
    try (InputStream in = Files.newInputStream(file)) {
      headerBytes = in.readNBytes(headerLength);
    }
    SignedHeader header = SignedHeader.decode(headerBytes);
    long expected = headerLength + header.manifest().payloadLength();
    if (size < expected) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          file + " is " + size + " bytes, its manifest says " + expected);
    }
    if (size > expected) {
      throw new UpdateRejectedException(Rejection.OVERSIZED,
          file + " is " + size + " bytes, its manifest says " + expected);
    }
    return new UpdatePackage(file, headerBytes, header);
  }

  /**
   * The manifest, as read (not yet verified).
   *
   * @return the manifest
   */
  public PackageManifest manifest() {
    return header.manifest();
  }

  /**
   * The signed header: everything before the payloads. A guest hands exactly these bytes to the
   * VMM ({@link UpdateStore#beginStaging}), which decodes and verifies them itself.
   *
   * @return a new array
   */
  public byte[] signedHeader() {
    return signedHeader.clone();
  }

  /**
   * The ids of the keys that signed, whether or not their signatures verify.
   *
   * @return the key ids, sorted
   */
  public List<KeyId> signers() {
    return header.signatures().stream().map(PackageSignature::keyId).toList();
  }

  /**
   * Reads the VMM payload.
   *
   * @return a stream of exactly {@link VmmPart#length()} bytes
   * @throws IOException if the file cannot be opened
   */
  public InputStream openVmmPayload() throws IOException {
    return new RangeInputStream(file, signedHeader.length, manifest().vmm().length());
  }

  /**
   * Reads one extension's payload.
   *
   * @param name the extension's name
   * @return a stream of exactly {@link ExtensionPart#length()} bytes
   * @throws IOException if the file cannot be opened
   * @throws IllegalArgumentException if the package carries no update of that extension
   */
  public InputStream openExtensionPayload(String name) throws IOException {
    long offset = signedHeader.length + manifest().vmm().length();
    for (ExtensionPart part : manifest().extensions()) {
      if (part.name().equals(name)) {
        return new RangeInputStream(file, offset, part.length());
      }
      offset += part.length();
    }
    throw new IllegalArgumentException("the package carries no update of extension '" + name + "'");
  }

  /**
   * Checks every payload against the SHA-256 its manifest names.
   *
   * @throws IOException if the file cannot be read
   * @throws UpdateRejectedException naming the first payload whose digest differs
   */
  public void verifyPayloads() throws IOException, UpdateRejectedException {
    VmmPart vmm = manifest().vmm();
    try (InputStream in = openVmmPayload()) {
      checkDigest("the VMM payload", in, vmm.sha256());
    }
    for (ExtensionPart part : manifest().extensions()) {
      try (InputStream in = openExtensionPayload(part.name())) {
        checkDigest("extension '" + part.name() + "'", in, part.sha256());
      }
    }
  }

  private static void checkDigest(String what, InputStream in, String expected)
      throws IOException, UpdateRejectedException {
    MessageDigest digest = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    byte[] actual = digest.digest();
    if (!Digests.sameDigest(expected, actual)) {
      throw new UpdateRejectedException(Rejection.DIGEST_MISMATCH,
          what + " has SHA-256 " + Digests.hex(actual) + ", the manifest signs " + expected);
    }
  }

  @Override
  public String toString() {
    return "UpdatePackage[" + file + ", " + manifest().packageId() + ", VMM " + manifest().vmm().version() + "]";
  }
}

package dev.vmm.update.internal;

import dev.vmm.update.KeyId;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.UpdateRejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The front of a package file, everything before the payloads: magic, the two lengths, the
 * manifest, the signature block. It is what a guest hands the VMM to open a staging session; the
 * VMM decodes it itself.
 *
 * @param manifestBytes the manifest exactly as signed
 * @param manifest the decoded manifest
 * @param signatures the signatures, sorted by key id
 */
public record SignedHeader(byte[] manifestBytes, PackageManifest manifest, List<PackageSignature> signatures) {
  static final byte[] MAGIC = "VMMUPKG1".getBytes(StandardCharsets.US_ASCII);
  /** Magic and the two lengths. */
  public static final int PREFIX_LENGTH = 16;
  public static final int MAX_SIGNATURES = 16;
  private static final int SIGNATURE_ENTRY_LENGTH = KeyId.LENGTH + Ed25519.SIGNATURE_LENGTH;

  public SignedHeader {
    manifestBytes = manifestBytes.clone();
    signatures = List.copyOf(signatures);
  }

  @Override
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  public String manifestDigest() {
    return Digests.sha256Hex(manifestBytes);
  }

  public static byte[] encode(byte[] manifestBytes, List<PackageSignature> signatures) {
    List<PackageSignature> sorted = new ArrayList<>(signatures);
    sorted.sort(Comparator.comparing(s -> s.keyId().hex()));
    int blockLength = 1 + sorted.size() * SIGNATURE_ENTRY_LENGTH;
    ByteBuffer out = ByteBuffer.allocate(PREFIX_LENGTH + manifestBytes.length + blockLength);
    out.put(MAGIC).putInt(manifestBytes.length).putInt(blockLength).put(manifestBytes);
    out.put((byte) sorted.size());
    for (PackageSignature signature : sorted) {
      out.put(signature.keyId().bytes()).put(signature.signature());
    }
    return out.array();
  }

  /**
   * The whole header's length from its first 16 bytes, checked against the format's bounds.
   */
  public static int totalLength(byte[] prefix) throws UpdateRejectedException {
    if (prefix.length < PREFIX_LENGTH) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          "package is " + prefix.length + " bytes, shorter than its " + PREFIX_LENGTH + "-byte prefix");
    }
    ByteBuffer in = ByteBuffer.wrap(prefix);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new UpdateRejectedException(Rejection.MALFORMED, "package magic is '"
          + ExtensionNames.printable(new String(magic, StandardCharsets.ISO_8859_1)) + "', expected 'VMMUPKG1'");
    }
    long manifestLength = Integer.toUnsignedLong(in.getInt());
    long blockLength = Integer.toUnsignedLong(in.getInt());
    if (manifestLength > ManifestCodec.MAX_LENGTH) {
      throw new UpdateRejectedException(Rejection.OVERSIZED,
          "manifest length " + manifestLength + " exceeds the limit of " + ManifestCodec.MAX_LENGTH);
    }
    if (blockLength < 1 + SIGNATURE_ENTRY_LENGTH || blockLength > 1 + MAX_SIGNATURES * SIGNATURE_ENTRY_LENGTH
        || (blockLength - 1) % SIGNATURE_ENTRY_LENGTH != 0) {
      throw new UpdateRejectedException(Rejection.MALFORMED, "signature block length " + blockLength
          + " is not 1 + 96 x (1.." + MAX_SIGNATURES + ")");
    }
    return (int) (PREFIX_LENGTH + manifestLength + blockLength);
  }

  /** Decodes untrusted bytes, which must be exactly one header. Signatures are not checked here. */
  public static SignedHeader decode(byte[] header) throws UpdateRejectedException {
    int total = totalLength(header);
    if (header.length < total) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          "header is " + header.length + " bytes, its lengths say " + total);
    }
    if (header.length > total) {
      throw new UpdateRejectedException(Rejection.OVERSIZED,
          "header is " + header.length + " bytes, its lengths say " + total);
    }
    ByteBuffer in = ByteBuffer.wrap(header, PREFIX_LENGTH - 8, 8);
    byte[] manifestBytes = Arrays.copyOfRange(header, PREFIX_LENGTH, PREFIX_LENGTH + in.getInt());
    PackageManifest manifest = ManifestCodec.decode(manifestBytes);
    ByteBuffer block = ByteBuffer.wrap(header, PREFIX_LENGTH + manifestBytes.length,
        total - PREFIX_LENGTH - manifestBytes.length);
    int count = Byte.toUnsignedInt(block.get());
    if ((long) count * SIGNATURE_ENTRY_LENGTH != block.remaining()) {
      throw new UpdateRejectedException(Rejection.MALFORMED, "signature block says " + count
          + " signatures but holds " + block.remaining() + " bytes of them");
    }
    List<PackageSignature> signatures = new ArrayList<>(count);
    Set<KeyId> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[KeyId.LENGTH];
      byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
      block.get(id).get(signature);
      KeyId keyId = KeyId.of(id);
      if (!seen.add(keyId)) {
        throw new UpdateRejectedException(Rejection.MALFORMED, "key " + keyId + " signs twice");
      }
      signatures.add(new PackageSignature(keyId, signature));
    }
    return new SignedHeader(manifestBytes, manifest, signatures);
  }
}

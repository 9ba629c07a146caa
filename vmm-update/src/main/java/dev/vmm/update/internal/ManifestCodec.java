package dev.vmm.update.internal;

import dev.vmm.update.ExtensionPart;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.VmmPart;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The manifest's binary form, specified in {@code docs/update-package.md}: big-endian, fixed-width
 * fields, no optional parts, so one manifest has exactly one encoding and decoding refuses
 * anything else (trailing bytes, unsorted names, out-of-range numbers).
 */
public final class ManifestCodec {
  static final byte[] MAGIC = "VMMMANI1".getBytes(StandardCharsets.US_ASCII);
  /** Bound on a manifest: 256 extensions of the largest entry, with room to spare. */
  public static final int MAX_LENGTH = 64 * 1024;

  private ManifestCodec() {}

  public static byte[] encode(PackageManifest manifest) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeLong(manifest.packageId().getMostSignificantBits());
      out.writeLong(manifest.packageId().getLeastSignificantBits());
      out.writeLong(manifest.expiresAt().getEpochSecond());
      VmmPart vmm = manifest.vmm();
      writeVersion(out, vmm.version());
      out.writeLong(vmm.length());
      out.write(HexFormat.of().parseHex(vmm.sha256()));
      out.writeShort(manifest.extensions().size());
      for (ExtensionPart extension : manifest.extensions()) {
        byte[] name = extension.name().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(name.length);
        out.write(name);
        writeVersion(out, extension.version());
        out.writeLong(extension.length());
        out.write(HexFormat.of().parseHex(extension.sha256()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static void writeVersion(DataOutputStream out, UpdateVersion version) throws IOException {
    out.writeInt(version.major());
    out.writeInt(version.minor());
    out.writeInt(version.patch());
  }

  /** Decodes untrusted bytes; every way they can be wrong is a {@link Rejection}. */
  public static PackageManifest decode(byte[] encoded) throws UpdateRejectedException {
    if (encoded.length > MAX_LENGTH) {
      throw new UpdateRejectedException(Rejection.OVERSIZED,
          "manifest is " + encoded.length + " bytes, the limit is " + MAX_LENGTH);
    }
    ByteBuffer in = ByteBuffer.wrap(encoded);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw malformed("manifest magic is '" + ExtensionNames.printable(new String(magic, StandardCharsets.ISO_8859_1))
            + "', expected 'VMMMANI1'");
      }
      UUID id = new UUID(in.getLong(), in.getLong());
      Instant expiresAt = Instant.ofEpochSecond(in.getLong());
      UpdateVersion vmmVersion = readVersion(in, "the VMM payload");
      long vmmLength = in.getLong();
      String vmmDigest = readDigest(in);
      VmmPart vmm = part(() -> new VmmPart(vmmVersion, vmmLength, vmmDigest));
      int count = Short.toUnsignedInt(in.getShort());
      if (count > PackageManifest.MAX_EXTENSIONS) {
        throw malformed("manifest names " + count + " extension updates, the limit is "
            + PackageManifest.MAX_EXTENSIONS);
      }
      List<ExtensionPart> extensions = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] nameBytes = new byte[Byte.toUnsignedInt(in.get())];
        in.get(nameBytes);
        String name = new String(nameBytes, StandardCharsets.ISO_8859_1);
        String problem = ExtensionNames.problem(name);
        if (problem != null) {
          throw new UpdateRejectedException(Rejection.BAD_EXTENSION_NAME, problem);
        }
        UpdateVersion version = readVersion(in, "extension '" + name + "'");
        long length = in.getLong();
        String digest = readDigest(in);
        extensions.add(part(() -> new ExtensionPart(name, version, length, digest)));
      }
      if (in.hasRemaining()) {
        throw malformed("manifest has " + in.remaining() + " bytes after its last field");
      }
      return part(() -> new PackageManifest(id, expiresAt, vmm, extensions));
    } catch (BufferUnderflowException e) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          "manifest of " + encoded.length + " bytes ends inside a field");
    }
  }

  private static UpdateVersion readVersion(ByteBuffer in, String what) throws UpdateRejectedException {
    int major = in.getInt();
    int minor = in.getInt();
    int patch = in.getInt();
    if (major < 0 || minor < 0 || patch < 0) {
      throw malformed(what + " has version " + Integer.toUnsignedString(major) + "."
          + Integer.toUnsignedString(minor) + "." + Integer.toUnsignedString(patch) + ", numbers are at most "
          + Integer.MAX_VALUE);
    }
    return new UpdateVersion(major, minor, patch);
  }

  private static String readDigest(ByteBuffer in) {
    byte[] digest = new byte[Digests.SHA256_LENGTH];
    in.get(digest);
    return Digests.hex(digest);
  }

  private interface PartFactory<T> {
    T create();
  }

  /** Runs a record constructor whose argument checks become a {@link Rejection#MALFORMED}. */
  private static <T> T part(PartFactory<T> factory) throws UpdateRejectedException {
    try {
      return factory.create();
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static UpdateRejectedException malformed(String message) {
    return new UpdateRejectedException(Rejection.MALFORMED, message);
  }
}

package dev.vmm.update;

import dev.vmm.update.internal.Digests;
import dev.vmm.update.internal.ExtensionNames;
import dev.vmm.update.internal.PackageSignature;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a signed package in one chain of calls:
 *
 * {@snippet :
 * UpdatePackage.builder()
 *     .vmm(UpdateVersion.parse("1.1.0"), Path.of("vmm-1.1.0.zip"))
 *     .extension("updater", UpdateVersion.parse("1.0.3"), Path.of("updater.jar"))
 *     .expiresAt(Instant.now().plus(Duration.ofDays(30)))
 *     .signedBy(SigningKey.load(Path.of("release.key")))
 *     .writeTo(Path.of("update-1.1.0.vmmpkg"));
 * }
 *
 * <p>Payloads are read twice (once for the manifest's digests, once to copy); a payload file that
 * changes in between makes {@link #writeTo} fail rather than write a package that lies.
 */
public final class PackageBuilder {
  private record Source(UpdateVersion version, Path file) {}

  private UUID packageId = UUID.randomUUID();
  private Instant expiresAt;
  private Source vmm;
  private final TreeMap<String, Source> extensions = new TreeMap<>();
  private final List<SigningKey> signers = new ArrayList<>();

  PackageBuilder() {}

  /**
   * Sets the package id; by default a random one.
   *
   * @param packageId the id
   * @return this builder
   */
  public PackageBuilder packageId(UUID packageId) {
    this.packageId = Objects.requireNonNull(packageId, "packageId");
    return this;
  }

  /**
   * Sets when the package stops being accepted; required. Truncated to the whole second.
   *
   * @param expiresAt the expiry time
   * @return this builder
   */
  public PackageBuilder expiresAt(Instant expiresAt) {
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
    return this;
  }

  /**
   * Sets the VMM update; required.
   *
   * @param version its version
   * @param payload a zip of jars
   * @return this builder
   */
  public PackageBuilder vmm(UpdateVersion version, Path payload) {
    this.vmm = new Source(Objects.requireNonNull(version, "version"), Objects.requireNonNull(payload, "payload"));
    return this;
  }

  /**
   * Adds a guest-extension update.
   *
   * @param name the extension's name (see {@link ExtensionPart#name()})
   * @param version its version
   * @param payload its payload file
   * @return this builder
   * @throws IllegalArgumentException naming the name if it is invalid or already added
   */
  public PackageBuilder extension(String name, UpdateVersion version, Path payload) {
    String problem = ExtensionNames.problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Objects.requireNonNull(version, "version");
    if (extensions.putIfAbsent(name, new Source(version, Objects.requireNonNull(payload, "payload"))) != null) {
      throw new IllegalArgumentException("extension '" + name + "' is added twice");
    }
    return this;
  }

  /**
   * Adds a key to sign with; at least one is required.
   *
   * @param key the signing key
   * @return this builder
   */
  public PackageBuilder signedBy(SigningKey key) {
    signers.add(Objects.requireNonNull(key, "key"));
    return this;
  }

  /**
   * Writes the package, atomically: to a temporary file beside {@code file}, then renamed.
   *
   * @param file where the package goes; replaced if it exists
   * @return the manifest written
   * @throws IOException if a payload cannot be read, changed while being read, or the package
   *     cannot be written
   * @throws IllegalStateException if the expiry, the VMM update or a signer is missing
   */
  public PackageManifest writeTo(Path file) throws IOException {
    if (expiresAt == null || vmm == null || signers.isEmpty()) {
      throw new IllegalStateException("a package needs an expiry, a VMM update and a signing key; missing:"
          + (expiresAt == null ? " expiry" : "") + (vmm == null ? " VMM update" : "")
          + (signers.isEmpty() ? " signing key" : ""));
    }
    VmmPart vmmPart = new VmmPart(vmm.version(), Files.size(vmm.file()), digestOf(vmm.file()));
    List<ExtensionPart> extensionParts = new ArrayList<>();
    for (var entry : extensions.entrySet()) {
      Path payload = entry.getValue().file();
      extensionParts.add(new ExtensionPart(entry.getKey(), entry.getValue().version(), Files.size(payload),
          digestOf(payload)));
    }
    PackageManifest manifest = new PackageManifest(packageId, expiresAt, vmmPart, extensionParts);
    byte[] manifestBytes = manifest.encoded();
    TreeMap<String, PackageSignature> signatures = new TreeMap<>();
    for (SigningKey key : signers) {
      signatures.putIfAbsent(key.id().hex(), new PackageSignature(key.id(), key.sign(manifestBytes)));
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        out.write(SignedHeader.encode(manifestBytes, List.copyOf(signatures.values())));
        copyChecked(vmm.file(), vmmPart.sha256(), out);
        for (ExtensionPart part : extensionParts) {
          copyChecked(extensions.get(part.name()).file(), part.sha256(), out);
        }
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return manifest;
  }

  private static String digestOf(Path payload) throws IOException {
    MessageDigest digest = Digests.sha256();
    try (InputStream in = Files.newInputStream(payload)) {
      in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
    }
    return Digests.hex(digest.digest());
  }

  private static void copyChecked(Path payload, String expected, OutputStream out) throws IOException {
    MessageDigest digest = Digests.sha256();
    try (InputStream in = Files.newInputStream(payload)) {
      in.transferTo(new DigestOutputStream(out, digest));
    }
    if (!Digests.sameDigest(expected, digest.digest())) {
      throw new IOException(payload + " changed while the package was being written");
    }
  }
}

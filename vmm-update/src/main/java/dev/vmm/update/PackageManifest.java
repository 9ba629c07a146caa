package dev.vmm.update;

import dev.vmm.update.internal.Digests;
import dev.vmm.update.internal.ManifestCodec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a package is, and what its signatures cover: its id, its expiry time, the VMM update and the
 * guest-extension updates. {@link #encoded()} is the canonical encoding (see
 * {@code docs/update-package.md}); its bytes are exactly what is signed, and its SHA-256,
 * {@link #digest()}, names the package wherever the VMM binds a part to its package.
 *
 * @param packageId a random id chosen when the package was built
 * @param expiresAt when the package stops being accepted, in whole seconds
 * @param vmm the VMM update
 * @param extensions the guest-extension updates, sorted by name, names unique, at most
 *     {@link #MAX_EXTENSIONS}
 */
public record PackageManifest(UUID packageId, Instant expiresAt, VmmPart vmm, List<ExtensionPart> extensions) {
  /** The most extension updates one package may carry. */
  public static final int MAX_EXTENSIONS = 256;

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if the expiry has a fraction of a second, or the extensions
   *     are not sorted by unique name, or there are too many
   */
  public PackageManifest {
    Objects.requireNonNull(packageId, "packageId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(vmm, "vmm");
    extensions = List.copyOf(extensions);
    if (expiresAt.getNano() != 0) {
      throw new IllegalArgumentException("expiry " + expiresAt + " is not a whole second");
    }
    if (extensions.size() > MAX_EXTENSIONS) {
      throw new IllegalArgumentException(extensions.size() + " extension updates, the limit is " + MAX_EXTENSIONS);
    }
    for (int i = 1; i < extensions.size(); i++) {
      String before = extensions.get(i - 1).name();
      String name = extensions.get(i).name();
      if (before.compareTo(name) >= 0) {
        throw new IllegalArgumentException("extension updates must be sorted by unique name: '" + before
            + "' comes before '" + name + "'");
      }
    }
  }

  /**
   * The canonical encoding, the bytes signatures cover.
   *
   * @return a new array
   */
  public byte[] encoded() {
    return ManifestCodec.encode(this);
  }

  /**
   * The SHA-256 of {@link #encoded()}, 64 lowercase hex digits.
   *
   * @return the manifest digest
   */
  public String digest() {
    return Digests.sha256Hex(encoded());
  }

  /**
   * The update of the named extension, if this package carries one.
   *
   * @param name the extension's name
   * @return its entry, or empty
   */
  public Optional<ExtensionPart> extension(String name) {
    return extensions.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * The sum of every payload's length.
   *
   * @return bytes of payload in the package
   */
  public long payloadLength() {
    return vmm.length() + extensions.stream().mapToLong(ExtensionPart::length).sum();
  }
}

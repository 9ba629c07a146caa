package dev.vmm.update;

import dev.vmm.update.internal.Ed25519;
import dev.vmm.update.internal.ExtensionPayloads;
import dev.vmm.update.internal.PackageSignature;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a package's signed header against the VMM's own {@link TrustRoot}, trusting nothing else
 * about it: the structure, the signatures (at least the threshold of distinct trusted keys), the
 * expiry against this verifier's clock, the VMM version strictly newer than the installed one, and
 * the VMM payload's length within this VMM's limit. Which attack each check defends against is in
 * {@code docs/update-security.md}.
 *
 * <p>Thread-safe; it holds no state but its configuration.
 */
public final class PackageVerifier {
  private final TrustRoot trustRoot;
  private final Clock clock;
  private final long maxVmmPayloadLength;

  /**
   * A verifier.
   *
   * @param trustRoot the keys the VMM trusts
   * @param clock the clock expiry is judged by
   * @param maxVmmPayloadLength the longest VMM payload this VMM stages, 1 to
   *     {@link UpdatePackage#MAX_PAYLOAD_LENGTH}
   * @throws IllegalArgumentException if the limit is out of range
   */
  public PackageVerifier(TrustRoot trustRoot, Clock clock, long maxVmmPayloadLength) {
    this.trustRoot = Objects.requireNonNull(trustRoot, "trustRoot");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxVmmPayloadLength < 1 || maxVmmPayloadLength > UpdatePackage.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("VMM payload limit " + maxVmmPayloadLength + " is outside 1.."
          + UpdatePackage.MAX_PAYLOAD_LENGTH);
    }
    this.maxVmmPayloadLength = maxVmmPayloadLength;
  }

  /**
   * Verifies a signed header, as {@link UpdatePackage#signedHeader()} gives it.
   *
   * @param signedHeader the untrusted bytes
   * @param installedVmm the VMM version installed now
   * @return the verified manifest
   * @throws UpdateRejectedException naming the first check that failed and the value that failed it
   */
  public PackageManifest verify(byte[] signedHeader, UpdateVersion installedVmm) throws UpdateRejectedException {
    Objects.requireNonNull(installedVmm, "installedVmm");
    SignedHeader header = SignedHeader.decode(signedHeader);
    checkSignatures(header);
    PackageManifest manifest = header.manifest();
    Instant now = clock.instant();
    if (!now.isBefore(manifest.expiresAt())) {
      throw new UpdateRejectedException(Rejection.EXPIRED, "package " + manifest.packageId() + " expired at "
          + manifest.expiresAt() + ", it is now " + now);
    }
    UpdateVersion offered = manifest.vmm().version();
    if (!offered.isNewerThan(installedVmm)) {
      throw new UpdateRejectedException(Rejection.NOT_NEWER, "package " + manifest.packageId() + " carries VMM "
          + offered + ", not newer than the installed " + installedVmm);
    }
    if (manifest.vmm().length() > maxVmmPayloadLength) {
      throw new UpdateRejectedException(Rejection.OVERSIZED, "VMM payload of " + manifest.vmm().length()
          + " bytes exceeds this VMM's limit of " + maxVmmPayloadLength);
    }
    return manifest;
  }

  private void checkSignatures(SignedHeader header) throws UpdateRejectedException {
    byte[] manifestBytes = header.manifestBytes();
    Set<KeyId> valid = new HashSet<>();
    List<KeyId> unknown = new ArrayList<>();
    List<KeyId> invalid = new ArrayList<>();
    for (PackageSignature signature : header.signatures()) {
      var key = trustRoot.key(signature.keyId());
      if (key.isEmpty()) {
        unknown.add(signature.keyId());
      } else if (Ed25519.verify(key.get().publicKey(), manifestBytes, signature.signature())) {
        valid.add(signature.keyId());
      } else {
        invalid.add(signature.keyId());
      }
    }
    if (valid.size() >= trustRoot.threshold()) {
      return;
    }
    String tally = valid.size() + " valid of the " + trustRoot.threshold() + " required";
    if (!invalid.isEmpty()) {
      throw new UpdateRejectedException(Rejection.BAD_SIGNATURE,
          "signature by trusted key " + invalid.getFirst() + " does not verify over the manifest (" + tally + ")");
    }
    if (!unknown.isEmpty()) {
      throw new UpdateRejectedException(Rejection.UNKNOWN_KEY,
          "signed by key " + unknown.getFirst() + ", which this VMM does not trust (" + tally + ")");
    }
    throw new UpdateRejectedException(Rejection.THRESHOLD_NOT_MET, tally);
  }

  /**
   * Verifies one guest-extension payload of a verified manifest before it is applied: the package
   * carries that extension, its version is strictly newer than the installed one, and the stream
   * holds exactly the signed length with the signed SHA-256. Reads at most one byte past the
   * signed length, so an endless stream is refused without being drained.
   *
   * @param manifest a manifest returned by {@link #verify}
   * @param name the extension's name
   * @param installed the extension version installed now, or null if none is
   * @param payload the payload bytes
   * @return the manifest's entry for the extension
   * @throws IOException if the stream cannot be read
   * @throws UpdateRejectedException naming the check that failed
   */
  public ExtensionPart verifyExtension(PackageManifest manifest, String name, UpdateVersion installed,
      InputStream payload) throws IOException, UpdateRejectedException {
    return ExtensionPayloads.verify(manifest, name, installed, payload);
  }
}

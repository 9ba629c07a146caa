package dev.vmm.update;

/**
 * What the staging area holds.
 *
 * @param manifest the verified manifest of the package being staged
 * @param manifestDigest its digest, which names the package in {@link UpdateStore#commit}
 * @param heldLength how many bytes of the VMM payload are staged and verified, a prefix
 * @param complete whether the whole payload is staged and matched the signed SHA-256
 */
public record StagedUpdate(PackageManifest manifest, String manifestDigest, long heldLength, boolean complete) {}

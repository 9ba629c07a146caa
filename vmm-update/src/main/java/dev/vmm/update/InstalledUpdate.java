package dev.vmm.update;

import java.util.UUID;

/**
 * A committed VMM version on disk.
 *
 * @param version its version
 * @param packageId the id of the package it came from
 * @param manifestDigest the digest of that package's manifest
 */
public record InstalledUpdate(UpdateVersion version, UUID packageId, String manifestDigest) {}

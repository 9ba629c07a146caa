package dev.vmm.update;

import java.util.Optional;

/**
 * How a commit ended.
 *
 * @param committed true if the new version passed its health check and is active
 * @param activeVersion the version active now: the new one, or the old one after an automatic
 *     rollback
 * @param healthFailure why the health check failed, when it did
 */
public record CommitResult(boolean committed, UpdateVersion activeVersion, Optional<String> healthFailure) {}

package dev.vmm.update;

import java.util.Optional;

/**
 * What the VMM runs, what it could roll back to, and what is staged.
 *
 * @param activeVersion the VMM version whose services new calls reach
 * @param installed the committed update that is active, or empty if the VMM runs the services it
 *     shipped with (its factory version)
 * @param previous what {@link UpdateStore#rollback()} returns to: a committed update, or empty with
 *     {@link #canRollBack()} telling whether that means the factory version or nothing
 * @param canRollBack whether a rollback target exists
 * @param staged what the staging area holds, if anything
 * @param lastRollback why the last automatic rollback happened, if one did
 */
public record UpdateStatus(UpdateVersion activeVersion, Optional<InstalledUpdate> installed,
    Optional<InstalledUpdate> previous, boolean canRollBack, Optional<StagedUpdate> staged,
    Optional<String> lastRollback) {}

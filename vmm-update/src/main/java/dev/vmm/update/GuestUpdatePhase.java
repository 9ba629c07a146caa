package dev.vmm.update;

/** What the updater inside a guest is doing, as {@link GuestUpdateListener} hears it. */
public enum GuestUpdatePhase {
  /** A package arrived from the update source. */
  FOUND,
  /** The package is being fetched; progress in bytes of the package file. */
  DOWNLOADING,
  /** The guest checks the package before sending it (the VMM checks again). */
  VERIFYING,
  /** The VMM payload goes down to the VMM; progress in payload bytes the VMM holds. */
  TRANSFERRING,
  /** The guest-extension updates are being staged, verified and switched, all or nothing. */
  APPLYING_EXTENSIONS,
  /** The guest asked the VMM to commit. */
  COMMITTING,
  /** Done: the VMM runs the new version and the guest's extensions are the new ones. */
  COMMITTED,
  /** Not installed: the old version everywhere (the detail says why). */
  ROLLED_BACK,
  /** The package was refused or the update could not finish; the old version everywhere. */
  FAILED
}

package dev.vmm.update;

/** The durable steps of an update, in order, as {@link UpdateListener} hears them. */
public enum UpdatePhase {
  /** The whole VMM payload is staged, synced and matched the signed digest. */
  STAGED,
  /** The new version's directory is unpacked and synced; the active pointer still names the old one. */
  UNPACKED,
  /** The active pointer names the new version, on trial; staging is about to be cleared. */
  ACTIVATED,
  /** The new version's services are about to be loaded and health-checked. */
  HEALTH_CHECK,
  /** The new version passed its health check and is kept; new calls reach its services. */
  CONFIRMED,
  /** A version was abandoned and the active pointer names the one before it again. */
  ROLLED_BACK
}

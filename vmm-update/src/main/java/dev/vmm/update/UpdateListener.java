package dev.vmm.update;

/**
 * Hears an update's progress: chunks staged, and each step of a commit as it is made durable. The
 * CLI draws progress bars from it; tests stop a process at a chosen step. Called on the thread
 * doing the work, after the step's files are written; a slow listener slows the update.
 */
public interface UpdateListener {
  /** Hears nothing. */
  UpdateListener NONE = new UpdateListener() {};

  /**
   * A chunk was staged.
   *
   * @param heldLength the verified prefix now held
   * @param length the payload's signed length
   */
  default void chunkStaged(long heldLength, long length) {}

  /**
   * A step of staging or commit was reached.
   *
   * @param phase the step
   * @param version the VMM version being staged or committed, or rolled back to for
   *     {@link UpdatePhase#ROLLED_BACK}
   */
  default void phase(UpdatePhase phase, UpdateVersion version) {}
}

package dev.vmm.update;

/**
 * Hears a guest updater's progress, host side: {@link GuestUpdater#follow} decodes what the updater
 * writes to its progress channel. The guest is untrusted, so these are reports, not facts: the
 * VMM's own state is {@link UpdateStore#status()}.
 */
public interface GuestUpdateListener {
  /**
   * The updater entered a phase.
   *
   * @param phase the phase
   * @param detail what it is working on, or why it ended, for people
   */
  default void phase(GuestUpdatePhase phase, String detail) {}

  /**
   * Bytes done in a phase that moves bytes.
   *
   * @param phase {@link GuestUpdatePhase#DOWNLOADING} or {@link GuestUpdatePhase#TRANSFERRING}
   * @param done bytes done
   * @param total bytes in all, or -1 if not known yet
   */
  default void progress(GuestUpdatePhase phase, long done, long total) {}
}

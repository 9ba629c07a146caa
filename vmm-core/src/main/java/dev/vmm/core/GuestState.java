package dev.vmm.core;

/**
 * Where a guest is in its life. The legal moves are those of {@link GuestTransition}:
 *
 * <pre>
 *   CREATED --start--> RUNNING --pause--> PAUSED
 *                        ^                  |
 *                        +-----resume-------+
 *   CREATED, RUNNING, PAUSED --stop--> STOPPED      (also when the program exits or faults)
 *   every state but DESTROYED --destroy--> DESTROYED (stops first if needed)
 * </pre>
 *
 * <p>Anything else throws {@link IllegalGuestStateException} and leaves the guest as it was.
 */
public enum GuestState {
  /** Built, memory allocated, nothing running yet. */
  CREATED,
  /** Its harts run (or would, if it has a program) and its extensions are started. */
  RUNNING,
  /** Its harts are parked between two instruction slices; extensions stay started. */
  PAUSED,
  /** Nothing runs any more; memory and the data already in its channels can still be read. */
  STOPPED,
  /** Memory released, channels closed, handle retired: only its name and exit remain. */
  DESTROYED
}

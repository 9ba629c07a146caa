package dev.vmm.core;

import java.time.Duration;

/**
 * Where a guest's harts execute. The VMM hands the placement each guest's run loop and from then
 * on only joins it, so nothing else depends on where the loop runs.
 *
 * <p>Only {@link #inProcess()} exists today: the loop runs on a platform thread of the host JVM.
 * A child-JVM placement (isolation: a crashing guest cannot take the host down) is planned; it
 * will run the guest kernel in the child and the loop handed here will drive it over a socket.
 */
public interface GuestPlacement {
  /**
   * Returns a short description, for introspection.
   *
   * @return such as {@code "in-process"}
   */
  String describe();

  /**
   * Starts running a guest's hart loop.
   *
   * @param guest the guest
   * @param loop runs the harts until the guest stops; returns when it has
   * @return the running loop
   */
  Placed start(Guest guest, Runnable loop);

  /** A loop a placement runs. */
  interface Placed {
    /**
     * Waits for the loop to end.
     *
     * @param timeout how long at most
     * @return whether it ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Tells whether the calling thread is the loop's own.
     *
     * @return whether the caller runs inside the loop
     */
    boolean isCurrent();
  }

  /**
   * Returns the in-process placement: one platform thread per guest, named
   * {@code vmm-guest-<name>}.
   *
   * @return the placement
   */
  static GuestPlacement inProcess() {
    return new dev.vmm.core.internal.InProcessPlacement();
  }
}

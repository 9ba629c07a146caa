package dev.vmm.core.internal;

import dev.vmm.core.GuestExit;

/**
 * What the guest's hart loop drives: the harts of the guest's program, run a slice at a time so
 * the loop can look at the guest's state in between.
 */
interface GuestCpu {
  /**
   * Runs about {@code instructions} more instructions.
   *
   * @param instructions how many, positive
   * @return null while the program runs, else why it ended
   */
  GuestExit runSlice(long instructions);

  /**
   * Ends the program from any thread: a slice in progress returns soon, and the program's other
   * threads have stopped when this returns. Called when the host stops the guest.
   */
  void stop();
}

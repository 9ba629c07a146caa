package dev.vmm.core;

import dev.vmm.memory.GuestMemory;

/** What a {@link GuestExtension} may use: its guest, as a guest sees it. */
public interface GuestExtensionContext {
  /**
   * Returns the guest it runs in.
   *
   * @return the guest
   */
  Guest guest();

  /**
   * Returns the guest's memory.
   *
   * @return the memory
   */
  GuestMemory memory();

  /**
   * Makes a hypercall as this guest, through the dispatcher.
   *
   * @param number the call number
   * @param a0 argument a0
   * @param a1 argument a1
   * @param a2 argument a2
   * @param a3 argument a3
   * @param a4 argument a4
   * @param a5 argument a5
   * @return the result; negative values are {@link HypercallError} codes
   */
  long hypercall(long number, long a0, long a1, long a2, long a3, long a4, long a5);

  /**
   * Opens the channel the host offers this guest under a name.
   *
   * @param name the channel's name
   * @param bufferSize the size of the bounce buffer in the guest's heap, which bounds one call
   * @return the guest's end
   * @throws HypercallException if there is no such channel or the heap is full
   */
  GuestChannel openChannel(String name, int bufferSize);

  /**
   * Returns a logger named after the guest and the plug-in.
   *
   * @return the logger
   */
  System.Logger logger();
}

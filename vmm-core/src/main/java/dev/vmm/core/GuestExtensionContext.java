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
   * Returns the guest's settings ({@link GuestConfig#settings()}): the plug-in's configuration,
   * as the guest was given it.
   *
   * @return the settings, unmodifiable
   */
  java.util.Map<String, String> settings();

  /**
   * Makes a guest module from the providers on offer to this guest's VMM
   * ({@link GuestModuleProvider}): the guest kernel's module host.
   *
   * @param <M> the module type
   * @param type the kind of module the caller feeds
   * @param name the provider's name
   * @param options the module's options
   * @return a new module
   * @throws IllegalArgumentException if no provider of that type has that name (the message lists
   *     those that do), or the provider refuses the options
   */
  <M> M module(Class<M> type, String name, java.util.Map<String, String> options);

  /**
   * Returns a logger named after the guest and the plug-in.
   *
   * @return the logger
   */
  System.Logger logger();
}

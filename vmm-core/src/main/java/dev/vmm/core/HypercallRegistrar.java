package dev.vmm.core;

/** Where a {@link HypercallService} registers its calls, once, when the VMM is built. */
public interface HypercallRegistrar {
  /**
   * Registers one call.
   *
   * @param number its number, in the range of {@link HypercallAbi}
   * @param name a short name for messages
   * @param call the implementation
   * @throws IllegalArgumentException if the number is outside the range or already taken, naming
   *     both services
   */
  void register(long number, String name, Hypercall call);
}

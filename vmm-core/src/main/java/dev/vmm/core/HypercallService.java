package dev.vmm.core;

/**
 * A group of hypercalls (the SPI services implement). Services come from the VMM's Dagger
 * graph (a {@code Set<HypercallService>} multibinding) or from {@link Vmm.Builder#service}; each
 * registers its numbers when the VMM is built.
 */
public interface HypercallService {
  /**
   * Returns the service's name, for messages.
   *
   * @return the name
   */
  String name();

  /**
   * Registers this service's calls.
   *
   * @param registrar where to register
   */
  void register(HypercallRegistrar registrar);
}

package dev.vmm.core;

/**
 * One hypercall's implementation. It reads its arguments as raw register values; every handle
 * goes through {@link HypercallContext#resolve} and every pointer through the context's memory
 * calls, which throw for bad input, so an implementation needs no checks of its own to be safe.
 */
@FunctionalInterface
public interface Hypercall {
  /**
   * Serves one call.
   *
   * @param context the calling guest
   * @param a0 argument register a0
   * @param a1 argument register a1
   * @param a2 argument register a2
   * @param a3 argument register a3
   * @param a4 argument register a4
   * @param a5 argument register a5
   * @return the result for a0: 0 or more for success
   * @throws HypercallException to return an error code
   */
  long call(HypercallContext context, long a0, long a1, long a2, long a3, long a4, long a5);
}

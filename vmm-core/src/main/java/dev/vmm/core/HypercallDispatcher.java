package dev.vmm.core;

import dev.vmm.riscv.EcallHandler;

/**
 * Routes hypercalls to their services. Drivable without a CPU: {@link #dispatch} is the same path
 * an {@code ecall} takes, minus reading the registers.
 *
 * <p><b>Guarantees.</b> No guest input makes {@link #dispatch} throw: an unknown number, a bad
 * handle, pointer or length, or even a failing service, comes back as a {@link HypercallError}
 * code. The dispatch itself takes no lock and allocates nothing; a service may.
 */
public interface HypercallDispatcher {
  /**
   * Serves one hypercall for a guest.
   *
   * @param guest the calling guest, one of this VMM's
   * @param number the call number ({@code a7})
   * @param a0 argument a0
   * @param a1 argument a1
   * @param a2 argument a2
   * @param a3 argument a3
   * @param a4 argument a4
   * @param a5 argument a5
   * @return the result for {@code a0}; negative values are {@link HypercallError} codes
   * @throws IllegalArgumentException if {@code guest} is not this VMM's (a host mistake)
   */
  long dispatch(Guest guest, long number, long a0, long a1, long a2, long a3, long a4, long a5);

  /**
   * Returns an {@code ecall} handler for a guest's harts: numbers in the hypercall range go to
   * {@link #dispatch}, every other number to {@code next} (the Linux system-call layer).
   *
   * @param guest the guest whose harts take the ecalls
   * @param next the handler for every other number
   * @return the chained handler
   */
  EcallHandler ecallHandler(Guest guest, EcallHandler next);

  /**
   * Counts calls that ended in {@link HypercallError#INTERNAL}: a service threw something other
   * than a checked error. Zero in a healthy VMM, whatever guests pass.
   *
   * @return the count since the VMM was built
   */
  long internalErrors();
}

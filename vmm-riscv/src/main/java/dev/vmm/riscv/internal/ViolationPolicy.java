package dev.vmm.riscv.internal;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationHandler;

/**
 * The violation handler of a Linux process's memory. It throws, so that the hart stops exactly at
 * the faulting instruction and the report gets its pc; to continue after a report, the process
 * runs that one instruction again while {@link #suppressing} is set, and the memory then gives
 * the access its no-effect outcome (a load reads 0, a store or a bad free is skipped). It also
 * remembers the latest violation, for a system call whose pointer the memory refused.
 *
 * <p>Confined to the thread that runs the process's hart.
 */
public final class ViolationPolicy implements ViolationHandler {
  private boolean suppressing;
  private Violation latest;

  @Override
  public void onViolation(Violation violation) {
    latest = violation;
    if (!suppressing) {
      throw new MemoryViolationException(violation);
    }
  }

  /**
   * Sets whether violations are let through with their no-effect outcome instead of thrown.
   *
   * @param suppress true while re-running an instruction already reported
   */
  public void suppressing(boolean suppress) {
    this.suppressing = suppress;
  }

  /**
   * Returns the latest violation and forgets it.
   *
   * @return the violation, or null if none happened since the last call
   */
  public Violation takeLatest() {
    Violation v = latest;
    latest = null;
    return v;
  }
}

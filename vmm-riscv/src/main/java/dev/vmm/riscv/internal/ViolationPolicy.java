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
 * <p>Both states are per thread: the memory calls the handler on the thread that made the access,
 * which is the thread of the hart that made it, so the harts of a threaded program neither
 * suppress nor take each other's violations.
 */
public final class ViolationPolicy implements ViolationHandler {
  private final ThreadLocal<Boolean> suppressing = ThreadLocal.withInitial(() -> false);
  private final ThreadLocal<Violation> latest = new ThreadLocal<>();

  @Override
  public void onViolation(Violation violation) {
    latest.set(violation);
    if (!suppressing.get()) {
      throw new MemoryViolationException(violation);
    }
  }

  /**
   * Sets whether violations are let through with their no-effect outcome instead of thrown.
   *
   * @param suppress true while re-running an instruction already reported
   */
  public void suppressing(boolean suppress) {
    suppressing.set(suppress);
  }

  /**
   * Returns the latest violation and forgets it.
   *
   * @return the violation, or null if none happened since the last call
   */
  public Violation takeLatest() {
    Violation v = latest.get();
    latest.remove();
    return v;
  }
}

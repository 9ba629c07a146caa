package dev.vmm.memory;

/**
 * Decides what happens when the checks find a violation. It is called on the thread of the
 * failing call, with no lock held.
 *
 * <ul>
 *   <li>To <em>halt</em> the guest, throw; {@link #THROW}, the default, throws
 *       {@link MemoryViolationException}.
 *   <li>To <em>continue</em>, return: the failing call then has no effect on memory. A load
 *       returns 0, a store or copy is skipped as a whole, a bad {@code free} is ignored, and a bad
 *       {@code realloc} returns 0 (NULL) and leaves every allocation as it was.
 * </ul>
 */
@FunctionalInterface
public interface ViolationHandler {
  /** Throws {@link MemoryViolationException} carrying the report. */
  ViolationHandler THROW = violation -> {
    throw new MemoryViolationException(violation);
  };

  /**
   * Handles one violation.
   *
   * @param violation the report
   */
  void onViolation(Violation violation);
}

package dev.vmm.memory;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown by an access, copy, free or realloc that the checks refuse, when the memory's
 * {@link ViolationHandler} is the default {@link ViolationHandler#THROW}. It carries the typed
 * {@link Violation}; the access did not happen, and the memory and the allocator are unchanged.
 */
public final class MemoryViolationException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The report; records are serializable when their components are, ours are. */
  private final transient Violation violation;

  /**
   * Creates the exception.
   *
   * @param violation the report, not null
   */
  public MemoryViolationException(Violation violation) {
    super(Objects.requireNonNull(violation, "violation").describe(), null, false, false);
    this.violation = violation;
  }

  /**
   * Returns the report.
   *
   * @return the violation
   */
  public Violation violation() {
    return violation;
  }
}

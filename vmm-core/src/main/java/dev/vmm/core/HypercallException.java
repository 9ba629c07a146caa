package dev.vmm.core;

import java.io.Serial;

/**
 * Thrown inside a hypercall to return an error: the dispatcher turns it into
 * {@link HypercallError#code()}. Lightweight: no stack trace, since it is a result, not a bug.
 */
public final class HypercallException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final HypercallError error;

  /**
   * Creates the exception.
   *
   * @param error the error to return
   * @param message what was wrong, naming the bad value
   */
  public HypercallException(HypercallError error, String message) {
    super(error.symbol() + ": " + message, null, false, false);
    this.error = error;
  }

  /**
   * Returns the error the guest gets.
   *
   * @return the error
   */
  public HypercallError error() {
    return error;
  }
}

package dev.vmm.update;

import java.util.Objects;

/**
 * A package, chunk or commit refused, with the {@link Rejection reason} and a message naming the
 * value that was wrong. Nothing installed has changed when this is thrown.
 */
public final class UpdateRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reason; serialized with the exception. */
  private final Rejection reason;

  /**
   * A refusal.
   *
   * @param reason why
   * @param message what was wrong, naming the value
   */
  public UpdateRejectedException(Rejection reason, String message) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message);
    this.reason = reason;
  }

  /**
   * Why it was refused.
   *
   * @return the reason
   */
  public Rejection reason() {
    return reason;
  }
}

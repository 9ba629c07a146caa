package dev.vmm.handles;

import java.io.Serial;

/**
 * Thrown by the strict lookups ({@link HandleTable#resolveOrThrow(long)} and friends) when a value
 * is not a live handle of the expected kind in this table. The message names the handle, its
 * index and generation, and why it failed; the table is unaffected.
 */
public final class InvalidHandleException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** Why a handle was refused. */
  public enum Reason {
    /** 0 is never a handle. */
    ZERO,
    /** Bit 63 is set; handles are non-negative. */
    NEGATIVE,
    /** The table-id field names another table. */
    FOREIGN_TABLE,
    /** The kind field is not the kind the caller asked for. */
    WRONG_KIND,
    /** The index lies beyond every slot the table has handed out. */
    OUT_OF_RANGE,
    /** The handle was issued once, and its object has since been removed. */
    FREED,
    /** The handle was never issued by this table: generation 0, or fields no issue matches. */
    NEVER_ISSUED
  }

  private final long handle;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param handle the refused value
   * @param reason why it was refused
   * @param detail the specific explanation, appended to the message
   */
  public InvalidHandleException(long handle, Reason reason, String detail) {
    super("invalid handle " + HandleLayout.describe(handle) + ": " + reason + ": " + detail);
    this.handle = handle;
    this.reason = reason;
  }

  /**
   * Returns the refused value.
   *
   * @return the handle as passed
   */
  public long handle() {
    return handle;
  }

  /**
   * Returns why it was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the index field of the refused value.
   *
   * @return the index
   */
  public int index() {
    return HandleLayout.index(handle);
  }

  /**
   * Returns the generation field of the refused value.
   *
   * @return the generation
   */
  public int generation() {
    return HandleLayout.generation(handle);
  }
}

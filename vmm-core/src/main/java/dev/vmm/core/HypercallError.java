package dev.vmm.core;

/**
 * The errors a hypercall returns, as negative values in {@code a0}. The codes are Linux's errno
 * values, so a C program can treat them as it treats a system call's.
 */
public enum HypercallError {
  /** A handle argument is not a live handle of the expected kind owned by the calling guest. */
  BAD_HANDLE(9, "EBADF"),
  /** A pointer argument, with its length, is not memory the guest may access that way. */
  FAULT(14, "EFAULT"),
  /** A length or other argument is out of range. */
  INVALID(22, "EINVAL"),
  /** The number is in the hypercall range but no service serves it. */
  NO_SUCH_CALL(38, "ENOSYS"),
  /** The call would block: a channel ring is full (write) or empty (read). */
  AGAIN(11, "EAGAIN"),
  /** The other side has closed: nothing more can be written. */
  CLOSED(32, "EPIPE"),
  /** A named object does not exist. */
  NOT_FOUND(2, "ENOENT"),
  /** The VMM could not get memory for the call (the guest's heap is full). */
  NO_MEMORY(12, "ENOMEM"),
  /** The service failed on its own (a host bug, logged); the guest is unharmed. */
  INTERNAL(5, "EIO");

  private final int errno;
  private final String symbol;

  HypercallError(int errno, String symbol) {
    this.errno = errno;
    this.symbol = symbol;
  }

  /**
   * Returns the value placed in {@code a0}.
   *
   * @return the negated errno
   */
  public long code() {
    return -errno;
  }

  /**
   * Returns the Linux name of the errno.
   *
   * @return such as {@code "EBADF"}
   */
  public String symbol() {
    return symbol;
  }

  /**
   * Finds the error a result stands for.
   *
   * @param result a hypercall's result
   * @return the error, or {@code null} if the result is not one of these codes
   */
  public static HypercallError of(long result) {
    for (HypercallError error : values()) {
      if (error.code() == result) {
        return error;
      }
    }
    return null;
  }
}

package dev.vmm.riscv.internal;

/**
 * A system call failing with a Linux error number: thrown deep inside a call (path resolution,
 * a file operation) and turned into the negative return value at the dispatcher, so the failure
 * paths need no threading of error codes through every helper. No stack trace: it is an answer to
 * the guest, not a host problem.
 */
public final class SyscallError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  /**
   * Creates the error.
   *
   * @param errno the positive Linux error number, from {@link Errno}
   */
  public SyscallError(int errno) {
    super("errno " + errno, null, false, false);
    this.errno = errno;
  }

  /**
   * Returns what the system call returns to the guest.
   *
   * @return {@code -errno}
   */
  public long result() {
    return -errno;
  }
}

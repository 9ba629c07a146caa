package dev.vmm.riscv;

import java.io.Serial;

/**
 * Thrown by a memory port when the guest jumps to an address it may not execute: unmapped, or
 * mapped without execute permission (the heap, the stack, data). The hart turns it into a
 * {@link HartStop.MemoryFault} at that pc.
 */
public final class InstructionFetchException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final long pc;

  /**
   * Creates the exception.
   *
   * @param pc the address the guest tried to execute
   * @param what what lies at that address, for example {@code "unmapped memory"}
   */
  public InstructionFetchException(long pc, String what) {
    super("instruction fetch at 0x" + Long.toHexString(pc) + " from " + what, null, false, false);
    this.pc = pc;
  }

  /**
   * Returns the address the guest tried to execute.
   *
   * @return the pc
   */
  public long pc() {
    return pc;
  }
}

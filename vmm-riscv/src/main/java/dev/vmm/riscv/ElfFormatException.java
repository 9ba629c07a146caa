package dev.vmm.riscv;

import java.io.Serial;

/**
 * Thrown by {@link ElfImage#parse(byte[])} when a file is not a static RV64 Linux executable this
 * loader can run. The message names what was wrong and the offending value; nothing was loaded.
 */
public final class ElfFormatException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /** What was wrong with the file. */
  public enum Reason {
    /** The file ends before a header, table or segment it declares. */
    TRUNCATED,
    /** The file does not start with the ELF magic number. */
    NOT_ELF,
    /** Not a 64-bit little-endian ELF file, the only kind RV64 Linux runs. */
    WRONG_CLASS,
    /** An ELF file for another architecture (or RISC-V with the E base, or an unknown ABI). */
    WRONG_ARCHITECTURE,
    /** Neither an executable nor a position-independent executable (a relocatable or core file). */
    WRONG_TYPE,
    /** The program needs a dynamic linker (it has {@code PT_INTERP}): link it statically. */
    DYNAMICALLY_LINKED,
    /** The headers contradict themselves (sizes, counts, an entry point outside the code). */
    CORRUPT,
    /** The program's segments do not fit in the guest memory chosen for it, with room to run. */
    TOO_LARGE
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason what kind of problem it is
   * @param detail the specific problem, with the offending value
   */
  public ElfFormatException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /**
   * Returns what kind of problem it is.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

package dev.vmm.riscv.internal;

/**
 * The control and status registers a user-mode hart has: the floating-point ones and the
 * read-only counters. Anything else makes the instruction illegal, at decode time.
 */
final class Csr {
  static final int FFLAGS = 0x001;
  static final int FRM = 0x002;
  static final int FCSR = 0x003;
  static final int CYCLE = 0xC00;
  static final int TIME = 0xC01;
  static final int INSTRET = 0xC02;

  private Csr() {}

  static boolean exists(int csr) {
    return switch (csr) {
      case FFLAGS, FRM, FCSR, CYCLE, TIME, INSTRET -> true;
      default -> false;
    };
  }

  static boolean readOnly(int csr) {
    // The top two bits of a CSR number are 11 exactly for the read-only ones.
    return (csr >>> 10) == 3;
  }
}

package dev.vmm.update;

import dev.vmm.core.GuestProgram;
import java.util.Arrays;

/** Encodes the few RV64 instructions the tests' machine-code guests need. */
final class MachineCode {
  static final int ZERO = 0;
  static final int A0 = 10;
  static final int A1 = 11;
  static final int A7 = 17;
  private static final int EXIT = 93;

  private MachineCode() {}

  static int addi(int rd, int rs1, int imm) {
    return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
  }

  static int lui(int rd, int upper20) {
    return upper20 << 12 | rd << 7 | 0x37;
  }

  static int ecall() {
    return 0x73;
  }

  /** {@code beq rs1, rs2, offset}, the offset in bytes from this instruction. */
  static int beq(int rs1, int rs2, int offset) {
    return (offset >> 12 & 1) << 31 | (offset >> 5 & 0x3F) << 25 | rs2 << 20 | rs1 << 15
        | (offset >> 1 & 0xF) << 8 | (offset >> 11 & 1) << 7 | 0x63;
  }

  /**
   * {@code ecall} with this number in a7, loaded with lui and addi; addi sign-extends its 12 bits,
   * so the upper part is rounded up when bit 11 is set.
   */
  static int[] ecall(long number) {
    return new int[] {lui(A7, (int) ((number + 0x800) >>> 12)), addi(A7, A7, (int) (number & 0xFFF)), ecall()};
  }

  /** {@code exit(status)} through Linux's system call 93. */
  static int[] exit(int status) {
    return new int[] {addi(A0, ZERO, status), addi(A7, ZERO, EXIT), ecall()};
  }

  static GuestProgram.Machine program(int[]... parts) {
    return GuestProgram.Machine.of(Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray());
  }
}

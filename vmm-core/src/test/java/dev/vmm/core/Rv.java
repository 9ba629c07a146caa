package dev.vmm.core;

/** Encodes the few RV64 instructions the tests' machine-code guests need. */
final class Rv {
  static final int ZERO = 0;
  static final int SP = 2;
  static final int T0 = 5;
  static final int S0 = 8;
  static final int S1 = 9;
  static final int A0 = 10;
  static final int A1 = 11;
  static final int A2 = 12;
  static final int A3 = 13;
  static final int A4 = 14;
  static final int A5 = 15;
  static final int A7 = 17;
  static final int S2 = 18;

  private Rv() {}

  static int addi(int rd, int rs1, int imm) {
    return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
  }

  static int lui(int rd, int upper20) {
    return upper20 << 12 | rd << 7 | 0x37;
  }

  static int auipc(int rd, int upper20) {
    return upper20 << 12 | rd << 7 | 0x17;
  }

  static int ld(int rd, int rs1, int imm) {
    return (imm & 0xFFF) << 20 | rs1 << 15 | 3 << 12 | rd << 7 | 0x03;
  }

  static int bne(int rs1, int rs2, int offset) {
    return (offset >> 12 & 1) << 31 | (offset >> 5 & 0x3F) << 25 | rs2 << 20 | rs1 << 15
        | 1 << 12 | (offset >> 1 & 0xF) << 8 | (offset >> 11 & 1) << 7 | 0x63;
  }

  /** Counts t0 down from {@code upper20 << 12} to 0: three words. */
  static int[] countDown(int upper20) {
    return new int[] {lui(T0, upper20), addi(T0, T0, -1), bne(T0, ZERO, -4)};
  }

  static int sd(int rs2, int rs1, int imm) {
    return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 3 << 12 | (imm & 31) << 7 | 0x23;
  }

  static int ecall() {
    return 0x73;
  }

  /** {@code jal x0, offset}. */
  static int jal(int offset) {
    return (offset >> 20 & 1) << 31 | (offset >> 1 & 0x3FF) << 21 | (offset >> 11 & 1) << 20
        | (offset >> 12 & 0xFF) << 12 | 0x6F;
  }

  /** {@code jal x0, 0}: a loop that never ends by itself. */
  static int spin() {
    return 0x6F;
  }

  /** Loads a hypercall number, which lies in the lui-reachable range, into a7: two words. */
  static int[] hypercallNumber(long number) {
    return new int[] {lui(A7, (int) (number >>> 12)), addi(A7, A7, (int) (number & 0xFFF))};
  }

  /** {@code exit(status)} through Linux's system call 93. */
  static int[] exit(int status) {
    return new int[] {addi(A0, ZERO, status), addi(A7, ZERO, 93), ecall()};
  }

  /** {@code exit(a0)}: ends with whatever a0 holds. */
  static int[] exitWithA0() {
    return new int[] {addi(A7, ZERO, 93), ecall()};
  }

  static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }
}

package dev.vmm.riscv;

/** Encodes the RV64 instructions the tests need, by the ISA manual's formats. */
final class Asm {
  private Asm() {}

  static int r(int f7, int rs2, int rs1, int f3, int rd, int opcode) {
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opcode;
  }

  static int i(int imm, int rs1, int f3, int rd, int opcode) {
    return imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opcode;
  }

  static int s(int imm, int rs2, int rs1, int f3, int opcode) {
    return (imm >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | opcode;
  }

  static int b(int imm, int rs2, int rs1, int f3) {
    return (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
        | (imm >> 1 & 0xF) << 8 | (imm >> 11 & 1) << 7 | 0x63;
  }

  static int jal(int rd, int imm) {
    return (imm >> 20 & 1) << 31 | (imm >> 1 & 0x3FF) << 21 | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xFF) << 12 | rd << 7 | 0x6F;
  }

  static int lui(int rd, int imm20) {
    return imm20 << 12 | rd << 7 | 0x37;
  }

  static int addi(int rd, int rs1, int imm) {
    return i(imm, rs1, 0, rd, 0x13);
  }

  static int add(int rd, int rs1, int rs2) {
    return r(0, rs2, rs1, 0, rd, 0x33);
  }

  static int ld(int rd, int rs1, int imm) {
    return i(imm, rs1, 3, rd, 0x03);
  }

  static int lw(int rd, int rs1, int imm) {
    return i(imm, rs1, 2, rd, 0x03);
  }

  static int sd(int rs2, int rs1, int imm) {
    return s(imm, rs2, rs1, 3, 0x23);
  }

  static int sw(int rs2, int rs1, int imm) {
    return s(imm, rs2, rs1, 2, 0x23);
  }

  static int sb(int rs2, int rs1, int imm) {
    return s(imm, rs2, rs1, 0, 0x23);
  }

  /** An A-extension instruction: funct5 (e.g. 0x02 LR, 0x03 SC, 0x00 AMOADD), width 2 W or 3 D. */
  static int amo(int funct5, int width, int rd, int rs1, int rs2) {
    return r(funct5 << 2, rs2, rs1, width, rd, 0x2F);
  }

  static int csr(int f3, int rd, int rs1, int csr) {
    return i(csr, rs1, f3, rd, 0x73);
  }

  /** An OP-FP instruction. */
  static int fp(int f7, int rs2, int rs1, int rm, int rd) {
    return r(f7, rs2, rs1, rm, rd, 0x53);
  }

  static final int ECALL = 0x0000_0073;
  static final int EBREAK = 0x0010_0073;
  static final int FENCE_I = 0x0000_100F;
}

package dev.vmm.stress.riscv;

import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.SegmentHartMemory;

/**
 * Harts sharing a 4 KiB memory for the atomics tests, and the few instruction encodings they
 * run. The counter the harts race on is at {@link #COUNTER}; each hart's code at its own address.
 */
final class RiscvFixtures {
  static final long COUNTER = 0x800;
  static final int ECALL = 0x73;
  private static final int SIZE = 0x1000;
  private static final int WIDTH_D = 3;

  /** A zeroed memory whose 8-byte alignment gives the harts hardware compare-and-swaps. */
  static SegmentHartMemory sharedMemory() {
    return SegmentHartMemory.zeroed(0, SIZE);
  }

  private RiscvFixtures() {}

  /**
   * Writes {@code code} at {@code at} and returns a hart ready to run it, with x5 pointing at the
   * counter and x7 = {@code operand}; every ecall halts it.
   */
  static Hart hart(HartMemory memory, long at, long operand, int... code) {
    for (int i = 0; i < code.length; i++) {
      memory.store32(at + 4L * i, code[i]);
    }
    Hart hart = Hart.create(memory, h -> h.halt(0));
    hart.setPc(at);
    hart.setX(5, COUNTER);
    hart.setX(7, operand);
    return hart;
  }

  /** Runs a hart to its ecall; the programs here are a handful of instructions. */
  static void runToEcall(Hart hart) {
    hart.run(1_000_000);
  }

  static int amoaddD(int rd, int rs1, int rs2) {
    return atomic(0b00000, rd, rs1, rs2);
  }

  static int lrD(int rd, int rs1) {
    return atomic(0b00010, rd, rs1, 0);
  }

  static int scD(int rd, int rs1, int rs2) {
    return atomic(0b00011, rd, rs1, rs2);
  }

  static int add(int rd, int rs1, int rs2) {
    return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33;
  }

  static int sd(int rs2, int rs1) {
    return rs2 << 20 | rs1 << 15 | 3 << 12 | 0x23;
  }

  /** {@code bne rs1, x0, offset}, offset a multiple of 2 within ±4 KiB. */
  static int bnez(int rs1, int offset) {
    return (offset >> 12 & 1) << 31 | (offset >> 5 & 0x3F) << 25 | rs1 << 15 | 1 << 12
        | (offset >> 1 & 0xF) << 8 | (offset >> 11 & 1) << 7 | 0x63;
  }

  private static int atomic(int funct5, int rd, int rs1, int rs2) {
    return funct5 << 27 | rs2 << 20 | rs1 << 15 | WIDTH_D << 12 | rd << 7 | 0x2F;
  }
}

package dev.vmm.stress.riscv;

import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Harts sharing a 4 KiB memory for the atomics tests, and the few instruction encodings they
 * run. The counter the harts race on is at {@link #COUNTER}; each hart's code at its own address.
 */
final class RiscvFixtures {
  static final long COUNTER = 0x800;
  static final int ECALL = 0x73;
  private static final int SIZE = 0x1000;
  private static final int WIDTH_D = 3;

  /**
   * A memory over a {@code long[]}, whose 8-byte alignment gives hardware compare-and-swaps: the
   * port contract for harts on several threads.
   */
  static final class SharedMemory implements HartMemory {
    private static final ValueLayout.OfShort SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT =
        ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ATOMIC_INT =
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC_LONG =
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final MemorySegment segment = MemorySegment.ofArray(new long[SIZE / 8]);

    @Override
    public byte load8(long p) {
      return segment.get(ValueLayout.JAVA_BYTE, p);
    }

    @Override
    public short load16(long p) {
      return segment.get(SHORT, p);
    }

    @Override
    public int load32(long p) {
      return segment.get(INT, p);
    }

    @Override
    public long load64(long p) {
      return segment.get(LONG, p);
    }

    @Override
    public void store8(long p, int v) {
      segment.set(ValueLayout.JAVA_BYTE, p, (byte) v);
    }

    @Override
    public void store16(long p, int v) {
      segment.set(SHORT, p, (short) v);
    }

    @Override
    public void store32(long p, int v) {
      segment.set(INT, p, v);
    }

    @Override
    public void store64(long p, long v) {
      segment.set(LONG, p, v);
    }

    @Override
    public boolean compareAndSwap32(long p, int expected, int v) {
      return ATOMIC_INT.compareAndSet(segment, p, expected, v);
    }

    @Override
    public boolean compareAndSwap64(long p, long expected, long v) {
      return ATOMIC_LONG.compareAndSet(segment, p, expected, v);
    }
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

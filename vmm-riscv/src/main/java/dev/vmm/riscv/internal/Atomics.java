package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.HartStop;
import java.lang.invoke.VarHandle;

/**
 * The A extension on one hart, and the stores that must see its reservation.
 *
 * <p><b>AMOs</b> are a compare-and-swap loop on the memory port: read the old value, compute,
 * {@link HartMemory#compareAndSwap64 swap} if the word still holds the old value, else retry. So
 * they are atomic against every other hart sharing the memory, on real Java threads, as long as
 * the port's compare-and-swap is (see {@link HartMemory}). {@code rd} is written last, so an AMO
 * the port refuses leaves every register as it was.
 *
 * <p><b>LR/SC.</b> {@code lr} reserves its address and width and remembers the value it read.
 * {@code sc} succeeds only if the reservation is still held for exactly its address and width and
 * a compare-and-swap from the remembered value to the new one succeeds; either way the
 * reservation is gone afterwards. A store by another hart that changes the word between the two
 * makes the swap fail, which is how other harts break a reservation here. A store by this hart
 * that overlaps the reserved bytes cancels the reservation outright, so the one-hart rule holds
 * exactly.
 *
 * <p>The caveat is ABA: if other harts change the word and change it back between {@code lr} and
 * {@code sc}, the {@code sc} still succeeds, where hardware would fail it. This is the usual
 * emulator trade and harmless for the code compilers and glibc emit: their LR/SC sequences are
 * compare-and-swap, fetch-and-op or exchange loops, whose result depends only on the value the
 * {@code lr} read being the value in memory when the {@code sc} writes, which the swap checks.
 *
 * <p>Atomics must be naturally aligned (RISC-V without Zam); a misaligned one stops the hart
 * with a {@link HartStop.MemoryFault}, as Linux sends {@code SIGBUS}. {@code aq}/{@code rl} need
 * nothing more: the swap has volatile semantics, and {@code lr} is followed by an acquire fence.
 */
final class Atomics {
  private final HartMemory memory;
  private final long[] x;
  private long reservedAddress;
  private int reservedWidth; // 0: no reservation
  private long reservedValue;

  Atomics(HartMemory memory, long[] x) {
    this.memory = memory;
    this.x = x;
  }

  void store8(long p, int v) {
    cancelReservationIfOverlapping(p, 1);
    memory.store8(p, v);
  }

  void store16(long p, int v) {
    cancelReservationIfOverlapping(p, 2);
    memory.store16(p, v);
  }

  void store32(long p, int v) {
    cancelReservationIfOverlapping(p, 4);
    memory.store32(p, v);
  }

  void store64(long p, long v) {
    cancelReservationIfOverlapping(p, 8);
    memory.store64(p, v);
  }

  private void cancelReservationIfOverlapping(long p, int width) {
    // Unsigned distances, so the test holds across the top of the address space too.
    if (reservedWidth != 0
        && (Long.compareUnsigned(p - reservedAddress, reservedWidth) < 0
            || Long.compareUnsigned(reservedAddress - p, width) < 0)) {
      reservedWidth = 0;
    }
  }

  /** Runs one LR, SC or AMO instruction. */
  void execute(int w) {
    int op = Packed.op(w);
    int rd = Packed.rd(w);
    long address = x[Packed.rs1(w)];
    long operand = x[Packed.rs2(w)];
    boolean word = op == LR_W || op == SC_W || (op >= AMOSWAP_W && op <= AMOMAXU_W);
    int width = word ? 4 : 8;
    if ((address & (width - 1)) != 0) {
      throw new MisalignedAtomic(op, address);
    }
    switch (op) {
      case LR_W, LR_D -> {
        long value = word ? memory.load32(address) : memory.load64(address);
        VarHandle.acquireFence();
        reservedAddress = address;
        reservedWidth = width;
        reservedValue = value;
        x[rd] = value;
      }
      case SC_W, SC_D -> {
        boolean held = reservedWidth == width && reservedAddress == address;
        reservedWidth = 0;
        boolean stored = held && (word
            ? memory.compareAndSwap32(address, (int) reservedValue, (int) operand)
            : memory.compareAndSwap64(address, reservedValue, operand));
        x[rd] = stored ? 0 : 1;
      }
      default -> {
        cancelReservationIfOverlapping(address, width);
        long old;
        if (word) {
          int seen;
          do {
            seen = memory.load32(address);
          } while (!memory.compareAndSwap32(
              address, seen, (int) amo(op - AMOSWAP_W, seen, (int) operand, true)));
          old = seen;
        } else {
          long seen;
          do {
            seen = memory.load64(address);
          } while (!memory.compareAndSwap64(
              address, seen, amo(op - AMOSWAP_D, seen, operand, false)));
          old = seen;
        }
        x[rd] = old;
      }
    }
  }

  /** A misaligned LR, SC or AMO: the hart stops on it, naming the instruction and address. */
  static final class MisalignedAtomic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MisalignedAtomic(int op, long address) {
      super(Op.mnemonic(op) + " at misaligned address 0x" + Long.toHexString(address)
          + " (atomics must be naturally aligned)");
    }
  }

  /**
   * The value an AMO writes. {@code kind} counts from {@code amoswap} in the order {@link Op}
   * declares both widths; a word's operands arrive sign-extended, so the signed and unsigned
   * comparisons must be made at the word's own width.
   */
  private static long amo(int kind, long old, long operand, boolean word) {
    return switch (kind) {
      case 0 -> operand;
      case 1 -> old + operand;
      case 2 -> old ^ operand;
      case 3 -> old & operand;
      case 4 -> old | operand;
      case 5 -> Math.min(old, operand);
      case 6 -> Math.max(old, operand);
      case 7 -> unsignedLess(old, operand, word) ? old : operand;
      default -> unsignedLess(old, operand, word) ? operand : old;
    };
  }

  private static boolean unsignedLess(long a, long b, boolean word) {
    return word ? Integer.compareUnsigned((int) a, (int) b) < 0 : Long.compareUnsigned(a, b) < 0;
  }
}

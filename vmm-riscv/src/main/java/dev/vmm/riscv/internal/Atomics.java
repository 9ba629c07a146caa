package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

import dev.vmm.riscv.HartMemory;

/**
 * The A extension on one hart, and the stores that must see its reservation.
 *
 * <p><b>LR/SC.</b> {@code lr} reserves the bytes it read. {@code sc} succeeds (writes, and sets
 * {@code rd} to 0) only if the reservation is still held for exactly its address and width;
 * otherwise it writes nothing and sets {@code rd} to 1. Either way the reservation is gone
 * afterwards. Any store by this hart that overlaps the reserved bytes (a plain store, an AMO, a
 * floating-point store) cancels it, so a store between {@code lr} and {@code sc} makes the
 * {@code sc} fail, as the test suite demands of an implementation with one hart.
 *
 * <p><b>AMOs</b> read, compute and write through the memory port. {@code rd} is written last,
 * so an AMO whose read or write the port refuses leaves every register as it was. With one hart
 * nothing can interleave, so the read-modify-write is atomic without a lock; {@code aq}/{@code rl}
 * need nothing.
 */
final class Atomics {
  private final HartMemory memory;
  private final long[] x;
  private long reservedAddress;
  private int reservedWidth; // 0: no reservation

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
    switch (op) {
      case LR_W -> {
        x[rd] = memory.load32(address);
        reserve(address, 4);
      }
      case LR_D -> {
        x[rd] = memory.load64(address);
        reserve(address, 8);
      }
      case SC_W, SC_D -> {
        int width = op == SC_W ? 4 : 8;
        boolean held = reservedWidth == width && reservedAddress == address;
        reservedWidth = 0;
        if (held) {
          if (width == 4) {
            memory.store32(address, (int) operand);
          } else {
            memory.store64(address, operand);
          }
        }
        x[rd] = held ? 0 : 1;
      }
      default -> {
        if (op <= AMOMAXU_W) {
          int old = memory.load32(address);
          store32(address, (int) amo(op - AMOSWAP_W, old, (int) operand, true));
          x[rd] = old;
        } else {
          long old = memory.load64(address);
          store64(address, amo(op - AMOSWAP_D, old, operand, false));
          x[rd] = old;
        }
      }
    }
  }

  private void reserve(long address, int width) {
    reservedAddress = address;
    reservedWidth = width;
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

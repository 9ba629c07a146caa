package dev.vmm.riscv.internal;

/**
 * The decoded instructions of one 4 KiB page of guest code: a slot per 2-byte parcel, because
 * with compressed code an instruction may start at any even address. Slots start at
 * {@link Op#UNDECODED} and are filled the first time their address executes, so code that never
 * runs is never decoded, and data that shares a page with code is never mistaken for it.
 *
 * <p>Two parallel {@code int} arrays instead of an object per instruction: the loop reads two
 * array elements and allocates nothing, and a page costs 16 KiB however dense the code.
 */
final class DecodedPage {
  static final int SHIFT = 12;
  static final long OFFSET_MASK = (1L << SHIFT) - 1;
  static final int SLOTS = 1 << (SHIFT - 1);

  final long base;
  final int[] words = new int[SLOTS];
  final int[] imms = new int[SLOTS];

  DecodedPage(long base) {
    this.base = base;
  }

  static int slot(long pc) {
    return (int) (pc & OFFSET_MASK) >>> 1;
  }
}

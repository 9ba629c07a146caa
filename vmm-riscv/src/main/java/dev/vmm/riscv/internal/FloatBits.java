package dev.vmm.riscv.internal;

/**
 * Bit-level facts about RISC-V floating-point values: NaN boxing, the canonical NaNs, signaling
 * NaN tests and {@code fclass}.
 */
final class FloatBits {
  /** The canonical single NaN: positive, quiet, zero payload. */
  static final int CANONICAL_NAN_S = 0x7FC0_0000;
  /** The canonical double NaN. */
  static final long CANONICAL_NAN_D = 0x7FF8_0000_0000_0000L;

  static final int NV = 16;
  static final int DZ = 8;
  static final int OF = 4;
  static final int UF = 2;
  static final int NX = 1;

  private static final long BOX = 0xFFFF_FFFF_0000_0000L;

  private FloatBits() {}

  /** A single in a 64-bit register: the upper half all ones. */
  static long box(int single) {
    return BOX | (single & 0xFFFF_FFFFL);
  }

  /**
   * The single a register holds. A value that is not properly NaN-boxed (for example a double, or
   * a single written by an integer move of 64 bits) reads as the canonical NaN, as the spec says.
   */
  static int unbox(long register) {
    return (register & BOX) == BOX ? (int) register : CANONICAL_NAN_S;
  }

  static boolean isSignaling(int single) {
    return (single & 0x7F80_0000) == 0x7F80_0000 && (single & 0x007F_FFFF) != 0
        && (single & 0x0040_0000) == 0;
  }

  static boolean isSignaling(long dbl) {
    return (dbl & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L
        && (dbl & 0x000F_FFFF_FFFF_FFFFL) != 0 && (dbl & 0x0008_0000_0000_0000L) == 0;
  }

  /** {@code fclass.s}: one bit set, 0 to 9, as the manual's table lists. */
  static int classify(int single) {
    boolean negative = single < 0;
    int exponent = single >>> 23 & 0xFF;
    int mantissa = single & 0x7F_FFFF;
    return classify(negative, exponent == 0, exponent == 0xFF, mantissa == 0,
        (single & 0x40_0000) != 0);
  }

  /** {@code fclass.d}. */
  static int classify(long dbl) {
    boolean negative = dbl < 0;
    long exponent = dbl >>> 52 & 0x7FF;
    long mantissa = dbl & 0xF_FFFF_FFFF_FFFFL;
    return classify(negative, exponent == 0, exponent == 0x7FF, mantissa == 0,
        (dbl & 0x8_0000_0000_0000L) != 0);
  }

  private static int classify(
      boolean negative, boolean zeroExponent, boolean maxExponent, boolean zeroMantissa,
      boolean quietBit) {
    int bit;
    if (maxExponent) {
      bit = zeroMantissa ? (negative ? 0 : 7) : (quietBit ? 9 : 8);
    } else if (zeroExponent) {
      bit = zeroMantissa ? (negative ? 3 : 4) : (negative ? 2 : 5);
    } else {
      bit = negative ? 1 : 6;
    }
    return 1 << bit;
  }
}

package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.FloatBits.NV;
import static dev.vmm.riscv.internal.FloatBits.NX;
import static dev.vmm.riscv.internal.FloatBits.OF;
import static dev.vmm.riscv.internal.FloatBits.UF;

/**
 * Rounding in all five RISC-V modes, on top of Java arithmetic that only rounds to nearest-even.
 *
 * <p>Every operation hands over {@code d}, the result rounded to nearest-even in double, and
 * {@code err}, the exact residual {@code true - d} (from error-free transformations: TwoSum for a
 * sum, an FMA for a product) or, where the residual cannot be exact (quotients, square roots), a
 * stand-in of the right sign and less than half an ulp, which is safe because a quotient or root
 * can never fall exactly halfway. From {@code d} and the residual's sign the neighbours below and
 * above the true value are known, and each mode picks one. Flags: {@code NX} when inexact,
 * {@code OF} when a finite true value rounds to infinity (or the mode's largest finite value),
 * {@code UF} when an inexact result is below the smallest normal.
 *
 * <p>Rounding modes: 0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM.
 */
final class Rounding {
  static final int RNE = 0;
  static final int RTZ = 1;
  static final int RDN = 2;
  static final int RUP = 3;
  static final int RMM = 4;

  /** Halfway between Float.MAX_VALUE and the next power of two: where RNE overflows. */
  private static final double FLOAT_OVERFLOW_MIDPOINT = 0x1.ffffffp127;

  private final Registers r;

  Rounding(Registers r) {
    this.r = r;
  }

  /** Rounds the double-rounded {@code d} (exact residual {@code err}) to double in mode {@code rm}. */
  double toDouble(double d, double err, int rm) {
    if (Double.isInfinite(d) || err == 0) {
      return toDouble(d, 0, false, rm);
    }
    double gap = err > 0 ? Math.nextUp(d) - d : d - Math.nextDown(d);
    return toDouble(d, (int) Math.signum(err), Math.abs(err) * 2 == gap, rm);
  }

  /**
   * Rounds in mode {@code rm} the true value that lies on side {@code side} (the sign of
   * {@code true - d}; 0 if exact) of its round-to-nearest-even double {@code d}, exactly halfway
   * to the next double if {@code tie}.
   */
  double toDouble(double d, int side, boolean tie, int rm) {
    if (Double.isInfinite(d)) { // a finite true value beyond the largest double, by how much unknown
      return overflowDouble(d > 0, rm, true);
    }
    if (side == 0) {
      return d;
    }
    double lo = side > 0 ? d : Math.nextDown(d);
    double hi = side > 0 ? Math.nextUp(d) : d;
    boolean positive = d > 0 || (d == 0 && side > 0);
    double result = switch (rm) {
      case RTZ -> positive ? lo : hi;
      case RDN -> lo;
      case RUP -> hi;
      case RMM -> tie ? (positive ? hi : lo) : d;
      default -> d;
    };
    flagInexact(Double.isInfinite(result), Math.abs(result) < Double.MIN_NORMAL);
    return result;
  }

  /** Rounds {@code d + err} (d finite, err its residual) to single in mode {@code rm}. */
  float toSingle(double d, double err, int rm) {
    if (Double.isInfinite(d)) {
      return overflowSingle(d > 0, rm);
    }
    float f = (float) d;
    if ((double) f == d && err == 0) {
      return f;
    }
    float lo;
    float hi;
    if ((double) f > d || ((double) f == d && err < 0)) {
      hi = f;
      lo = Math.nextDown(f);
    } else {
      lo = f;
      hi = Math.nextUp(f);
    }
    boolean positive = d > 0 || (d == 0 && err > 0);
    float result = switch (rm) {
      case RTZ -> positive ? lo : hi;
      case RDN -> lo;
      case RUP -> hi;
      default -> {
        int side = Double.compare(d, midpoint(lo, hi));
        if (side == 0) {
          side = (int) Math.signum(err);
        }
        if (side != 0) {
          yield side < 0 ? lo : hi;
        }
        // An exact tie: RNE takes the even neighbour (infinity counts as even above MAX_VALUE),
        // RMM the one further from zero.
        if (rm == RMM) {
          yield positive ? hi : lo;
        }
        yield (Float.floatToRawIntBits(lo) & 1) == 0 ? lo : hi;
      }
    };
    // Overflow is judged on the result rounded with an unbounded exponent: a true value of 2^128
    // or more overflows even when the mode then gives MAX_VALUE.
    boolean overflowed = Float.isInfinite(result) || Math.abs(d) > 0x1p128
        || (Math.abs(d) == 0x1p128 && err * d >= 0);
    flagInexact(overflowed, Math.abs(result) < Float.MIN_NORMAL);
    return result;
  }

  private static double midpoint(float lo, float hi) {
    if (Float.isInfinite(hi)) {
      return FLOAT_OVERFLOW_MIDPOINT;
    }
    if (Float.isInfinite(lo)) {
      return -FLOAT_OVERFLOW_MIDPOINT;
    }
    return ((double) lo + hi) / 2; // exact: two floats' midpoint has at most 25 significant bits
  }

  private void flagInexact(boolean overflowed, boolean tiny) {
    r.fflags |= NX | (overflowed ? OF : 0) | (tiny ? UF : 0);
  }

  /**
   * The result of a finite true value whose nearest-even double is infinite: infinity or the largest
   * double, as the mode says. {@code reachesTwoTo1024} says whether the true magnitude is at least
   * 2^1024; below that a mode rounding toward zero gives the largest double without overflowing,
   * because with an unbounded exponent it would too.
   */
  double overflowDouble(boolean positive, int rm, boolean reachesTwoTo1024) {
    boolean up = towardInfinity(positive, rm);
    r.fflags |= NX | (up || reachesTwoTo1024 ? OF : 0);
    return up
        ? (positive ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
        : (positive ? Double.MAX_VALUE : -Double.MAX_VALUE);
  }

  float overflowSingle(boolean positive, int rm) {
    r.fflags |= OF | NX;
    return towardInfinity(positive, rm)
        ? (positive ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY)
        : (positive ? Float.MAX_VALUE : -Float.MAX_VALUE);
  }

  private static boolean towardInfinity(boolean positive, int rm) {
    return switch (rm) {
      case RTZ -> false;
      case RDN -> !positive;
      case RUP -> positive;
      default -> true;
    };
  }

  /** Rounds {@code v} to an integral double in mode {@code rm}. */
  static double integral(double v, int rm) {
    return switch (rm) {
      case RTZ -> v < 0 ? Math.ceil(v) : Math.floor(v);
      case RDN -> Math.floor(v);
      case RUP -> Math.ceil(v);
      case RMM -> {
        // Not floor(|v| + 0.5): that sum rounds up for the largest double below 0.5.
        double truncated = v < 0 ? Math.ceil(v) : Math.floor(v);
        yield Math.abs(v - truncated) >= 0.5 ? truncated + Math.signum(v) : truncated;
      }
      default -> Math.rint(v);
    };
  }

  /**
   * {@code fcvt} to an integer: rounds in mode {@code rm}, then saturates. Out of range (NaN
   * included) sets {@code NV} and gives the nearest bound, NaN the largest; in range but not
   * integral sets {@code NX}. Bounds: {@code [min, max]} as doubles; the result is returned as
   * a long holding the 64-bit value (for unsigned 64-bit, its bit pattern).
   */
  long toInteger(double v, int rm, int kind) {
    double lowest = switch (kind) {
      case 0 -> Integer.MIN_VALUE;
      case 2 -> Long.MIN_VALUE;
      default -> 0; // unsigned
    };
    double limit = switch (kind) { // the first value above the range
      case 0 -> 0x1p31;
      case 1 -> 0x1p32;
      case 2 -> 0x1p63;
      default -> 0x1p64;
    };
    if (Double.isNaN(v)) {
      r.fflags |= NV;
      return maxOf(kind);
    }
    double rounded = integral(v, rm);
    if (rounded >= limit) {
      r.fflags |= NV;
      return maxOf(kind);
    }
    if (rounded < lowest) {
      r.fflags |= NV;
      return kind == 0 ? Integer.MIN_VALUE : kind == 2 ? Long.MIN_VALUE : 0;
    }
    if (rounded != v) {
      r.fflags |= NX;
    }
    return switch (kind) {
      case 0 -> (int) rounded;
      case 1 -> (int) (long) rounded; // 32-bit results are sign-extended, unsigned ones too
      case 2 -> (long) rounded;
      default -> rounded >= 0x1p63 ? (long) (rounded - 0x1p63) ^ Long.MIN_VALUE : (long) rounded;
    };
  }

  private static long maxOf(int kind) {
    return switch (kind) {
      case 0 -> Integer.MAX_VALUE;
      case 1 -> -1; // 0xFFFFFFFF sign-extended
      case 2 -> Long.MAX_VALUE;
      default -> -1;
    };
  }

  /** The nearest double to a signed or unsigned 64-bit integer, and its exact residual. */
  static double longToDouble(long v, boolean unsigned) {
    if (!unsigned || v >= 0) {
      return v;
    }
    // Halve (keeping the sticky bit) so the value fits a signed long, convert, double: one RNE.
    return (double) (v >>> 1 | (v & 1)) * 2;
  }

  static double longResidual(long v, boolean unsigned, double d) {
    long back;
    if (unsigned && d >= 0x1p63) {
      back = d >= 0x1p64 ? 0 : (long) (d - 0x1p63) ^ Long.MIN_VALUE; // mod 2^64
    } else if (d >= 0x1p63) { // a signed value that rounded up to 2^63
      return (double) (v - Long.MAX_VALUE - 1);
    } else {
      back = (long) d;
    }
    return (double) (v - back); // small (at most 2^11), so exact
  }
}

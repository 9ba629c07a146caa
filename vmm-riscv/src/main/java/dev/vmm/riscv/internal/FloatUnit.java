package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.FloatBits.CANONICAL_NAN_D;
import static dev.vmm.riscv.internal.FloatBits.CANONICAL_NAN_S;
import static dev.vmm.riscv.internal.FloatBits.DZ;
import static dev.vmm.riscv.internal.FloatBits.NV;
import static dev.vmm.riscv.internal.Op.*;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Executes F and D instructions other than loads and stores. Arithmetic is computed in double
 * with an exact or sign-correct residual and rounded by {@link Rounding} in the instruction's
 * mode; NaN results are always the canonical NaN; a signaling NaN operand or an invalid operation
 * sets {@code NV}. Singles are read NaN-unboxed and written NaN-boxed.
 */
final class FloatUnit {
  /** Below this, residuals of products, quotients and roots may underflow unless scaled. */
  private static final double TINY = 0x1p-900;
  private static final BigDecimal TWO_TO_1024 = new BigDecimal(BigInteger.ONE.shiftLeft(1024));

  private FloatUnit() {}

  /**
   * Executes one instruction.
   *
   * @return false if its rounding mode is dynamic and {@code frm} holds an invalid mode, in which
   *     case nothing changed and the instruction is illegal
   */
  static boolean execute(Registers r, Rounding rounding, int w, int imm) {
    int rm = imm == 7 ? r.frm : imm;
    if (rm > 4) {
      return false;
    }
    int op = Packed.op(w);
    int rd = Packed.rd(w);
    long[] f = r.f;
    long a = f[Packed.rs1(w)];
    long b = f[Packed.rs2(w)];
    long c = f[Packed.rs3(w)];
    long xs1 = r.x[Packed.rs1(w)];
    switch (op) {
      case FADD_S, FSUB_S, FMUL_S, FDIV_S, FSQRT_S, FMADD_S, FMSUB_S, FNMSUB_S, FNMADD_S ->
          f[rd] = FloatBits.box(Float.floatToRawIntBits(
              SingleArithmetic.compute(r, rounding, op, FloatBits.unbox(a), FloatBits.unbox(b),
                  FloatBits.unbox(c), rm)));
      case FADD_D, FSUB_D, FMUL_D, FDIV_D, FSQRT_D, FMADD_D, FMSUB_D, FNMSUB_D, FNMADD_D ->
          f[rd] = Double.doubleToRawLongBits(doubleArithmetic(r, rounding, op, a, b, c, rm));
      case FSGNJ_S, FSGNJN_S, FSGNJX_S -> {
        int x = FloatBits.unbox(a);
        int y = FloatBits.unbox(b);
        int sign = op == FSGNJ_S ? y : op == FSGNJN_S ? ~y : x ^ y;
        f[rd] = FloatBits.box(x & 0x7FFF_FFFF | sign & 0x8000_0000);
      }
      case FSGNJ_D, FSGNJN_D, FSGNJX_D -> {
        long sign = op == FSGNJ_D ? b : op == FSGNJN_D ? ~b : a ^ b;
        f[rd] = a & Long.MAX_VALUE | sign & Long.MIN_VALUE;
      }
      case FMIN_S, FMAX_S -> f[rd] = FloatBits.box(minMaxS(r, op == FMAX_S,
          FloatBits.unbox(a), FloatBits.unbox(b)));
      case FMIN_D, FMAX_D -> f[rd] = minMaxD(r, op == FMAX_D, a, b);
      case FEQ_S, FLT_S, FLE_S -> {
        int x = FloatBits.unbox(a);
        int y = FloatBits.unbox(b);
        r.x[rd] = compare(r, op - FEQ_S, Float.intBitsToFloat(x), Float.intBitsToFloat(y),
            FloatBits.isSignaling(x) || FloatBits.isSignaling(y));
      }
      case FEQ_D, FLT_D, FLE_D -> r.x[rd] = compare(r, op - FEQ_D, Double.longBitsToDouble(a),
          Double.longBitsToDouble(b), FloatBits.isSignaling(a) || FloatBits.isSignaling(b));
      case FCLASS_S -> r.x[rd] = FloatBits.classify(FloatBits.unbox(a));
      case FCLASS_D -> r.x[rd] = FloatBits.classify(a);
      case FMV_X_W -> r.x[rd] = (int) a; // raw low bits, sign-extended; no unboxing
      case FMV_W_X -> f[rd] = FloatBits.box((int) xs1);
      case FMV_X_D -> r.x[rd] = a;
      case FMV_D_X -> f[rd] = xs1;
      case FCVT_W_S, FCVT_WU_S, FCVT_L_S, FCVT_LU_S -> r.x[rd] = rounding.toInteger(
          Float.intBitsToFloat(FloatBits.unbox(a)), rm, op - FCVT_W_S);
      case FCVT_W_D, FCVT_WU_D, FCVT_L_D, FCVT_LU_D -> r.x[rd] = rounding.toInteger(
          Double.longBitsToDouble(a), rm, op - FCVT_W_D);
      case FCVT_S_W -> f[rd] = single(rounding.toSingle((int) xs1, 0, rm));
      case FCVT_S_WU -> f[rd] = single(rounding.toSingle(xs1 & 0xFFFF_FFFFL, 0, rm));
      case FCVT_S_L, FCVT_S_LU -> {
        boolean unsigned = op == FCVT_S_LU;
        double d = Rounding.longToDouble(xs1, unsigned);
        f[rd] = single(rounding.toSingle(d, Rounding.longResidual(xs1, unsigned, d), rm));
      }
      case FCVT_D_W -> f[rd] = Double.doubleToRawLongBits((int) xs1);
      case FCVT_D_WU -> f[rd] = Double.doubleToRawLongBits(xs1 & 0xFFFF_FFFFL);
      case FCVT_D_L, FCVT_D_LU -> {
        boolean unsigned = op == FCVT_D_LU;
        double d = Rounding.longToDouble(xs1, unsigned);
        f[rd] = Double.doubleToRawLongBits(
            rounding.toDouble(d, Rounding.longResidual(xs1, unsigned, d), rm));
      }
      case FCVT_S_D -> {
        if (Double.isNaN(Double.longBitsToDouble(a))) {
          r.fflags |= FloatBits.isSignaling(a) ? NV : 0;
          f[rd] = FloatBits.box(CANONICAL_NAN_S);
        } else {
          f[rd] = single(rounding.toSingle(Double.longBitsToDouble(a), 0, rm));
        }
      }
      case FCVT_D_S -> {
        int x = FloatBits.unbox(a);
        float v = Float.intBitsToFloat(x);
        r.fflags |= FloatBits.isSignaling(x) ? NV : 0;
        f[rd] = Float.isNaN(v) ? CANONICAL_NAN_D : Double.doubleToRawLongBits(v);
      }
      default -> throw new AssertionError("not a float-unit op: " + Op.mnemonic(op));
    }
    return true;
  }

  private static long single(float value) {
    return FloatBits.box(Float.floatToRawIntBits(value));
  }

  private static double doubleArithmetic(
      Registers r, Rounding rounding, int op, long aBits, long bBits, long cBits, int rm) {
    double a = Double.longBitsToDouble(aBits);
    double b = Double.longBitsToDouble(bBits);
    double c = Double.longBitsToDouble(cBits);
    boolean fused = op >= FMADD_D && op <= FNMADD_D;
    boolean usesB = op != FSQRT_D;
    if (FloatBits.isSignaling(aBits) || (usesB && FloatBits.isSignaling(bBits))
        || (fused && FloatBits.isSignaling(cBits))) {
      r.fflags |= NV;
    }
    if (Double.isNaN(a) || (usesB && Double.isNaN(b)) || (fused && Double.isNaN(c))) {
      if (fused && (Double.isInfinite(a) && b == 0 || a == 0 && Double.isInfinite(b))) {
        r.fflags |= NV; // 0 * inf is invalid even when the addend is a quiet NaN
      }
      return Double.longBitsToDouble(CANONICAL_NAN_D);
    }
    if (op == FSUB_D) {
      b = -b;
    }
    if (op == FMSUB_D || op == FNMADD_D) {
      c = -c;
    }
    if (op == FNMSUB_D || op == FNMADD_D) {
      a = -a;
    }
    boolean finiteInputs = Double.isFinite(a) && (!usesB || Double.isFinite(b))
        && (!fused || Double.isFinite(c));
    double d = switch (op) {
      case FADD_D, FSUB_D -> a + b;
      case FMUL_D -> a * b;
      case FDIV_D -> a / b;
      case FSQRT_D -> Math.sqrt(a);
      default -> Math.fma(a, b, c);
    };
    if (Double.isNaN(d)) {
      r.fflags |= NV; // inf - inf, 0 * inf, 0 / 0, inf / inf, sqrt of a negative
      return Double.longBitsToDouble(CANONICAL_NAN_D);
    }
    if (op == FDIV_D && b == 0 && a != 0 && Double.isFinite(a)) {
      r.fflags |= DZ;
      return d;
    }
    if (!finiteInputs) {
      return d; // an infinite operand gives an exact infinite (or zero) result
    }
    if (Double.isInfinite(d)) {
      return rounding.overflowDouble(d > 0, rm, reachesTwoTo1024(op, a, b, c));
    }
    switch (op) {
      case FADD_D, FSUB_D -> {
        double err = twoSumError(a, b, d); // exact, even near underflow
        if (d == 0 && err == 0 && rm == Rounding.RDN && !(a == 0 && b == 0 && sameSign(a, b))) {
          return -0.0; // an exact zero sum of opposite signs is -0 when rounding down, else +0
        }
        return rounding.toDouble(d, err, rm);
      }
      case FMUL_D -> {
        if (Math.abs(d) < TINY) {
          // Near underflow a*b - d may lie below the smallest double, where an FMA rounds it
          // away; only products this small get here, so the exact BigDecimal is affordable.
          return roundExact(rounding, exact(a, b, 0).subtract(new BigDecimal(d)), d, rm);
        }
        return rounding.toDouble(d, Math.fma(a, b, -d), rm);
      }
      case FDIV_D -> {
        // a - d*b is exact (an FMA; scaled when a is tiny, so it cannot underflow), and
        // true - d has its sign times b's. A quotient is never exactly halfway: no tie.
        double residual = Math.abs(a) < TINY ? Math.fma(-d * 0x1p200, b, a * 0x1p200)
            : Math.fma(-d, b, a);
        return rounding.toDouble(d, (int) (Math.signum(residual) * Math.signum(b)), false, rm);
      }
      case FSQRT_D -> {
        double residual = a < TINY ? Math.fma(-d * 0x1p100, d * 0x1p100, a * 0x1p200)
            : Math.fma(-d, d, a);
        return rounding.toDouble(d, (int) Math.signum(residual), false, rm);
      }
      default -> {
        int where;
        if (a == 0 || b == 0) {
          where = ExactFma.EXACT; // an exact zero product: d is c itself, or a zero
        } else if (ExactFma.applies(a * b, c)) {
          where = ExactFma.where(a, b, c, d);
        } else {
          // Near the ends of the range the error-free transformations are not exact: BigDecimal,
          // which allocates, for these rare operands only.
          where = whereExactly(exact(a, b, c).subtract(new BigDecimal(d)), d);
        }
        double productSign = Math.copySign(1.0, a) * Math.copySign(1.0, b);
        if (d == 0 && where == ExactFma.EXACT && rm == Rounding.RDN
            && !((a == 0 || b == 0) && c == 0 && sameSign(productSign, c))) {
          return -0.0;
        }
        return rounding.toDouble(d, Integer.signum(where), Math.abs(where) == 2, rm);
      }
    }
  }

  /**
   * Whether the exact result of finite operands has a magnitude of at least 2^1024, the first
   * value a double cannot hold. Overflow is judged on the result rounded with an unbounded exponent
   * (IEEE 754 7.4): a true value between the largest double and 2^1024 overflows in the modes that
   * round it up to 2^1024 but not in those that round it down to the largest double. Only operations
   * whose nearest-even result is infinite get here, which is rare, so BigDecimal is affordable.
   */
  private static boolean reachesTwoTo1024(int op, double a, double b, double c) {
    if (op == FDIV_D) { // |a / b| >= 2^1024 exactly when |a| >= 2^1024 * |b|
      BigDecimal limit = TWO_TO_1024.multiply(new BigDecimal(b).abs());
      return new BigDecimal(a).abs().compareTo(limit) >= 0;
    }
    BigDecimal exact = switch (op) {
      case FADD_D, FSUB_D -> new BigDecimal(a).add(new BigDecimal(b));
      case FMUL_D -> new BigDecimal(a).multiply(new BigDecimal(b));
      default -> exact(a, b, c);
    };
    return exact.abs().compareTo(TWO_TO_1024) >= 0;
  }

  private static BigDecimal exact(double a, double b, double c) {
    return new BigDecimal(a).multiply(new BigDecimal(b)).add(new BigDecimal(c));
  }

  /** Rounds given the exact residual {@code true - d}, detecting exact ties. */
  private static double roundExact(Rounding rounding, BigDecimal residual, double d, int rm) {
    int where = whereExactly(residual, d);
    return rounding.toDouble(d, Integer.signum(where), Math.abs(where) == 2, rm);
  }

  /** As {@link ExactFma#where}, from the exact residual {@code true - d}. */
  private static int whereExactly(BigDecimal residual, double d) {
    int side = residual.signum();
    if (side == 0) {
      return ExactFma.EXACT;
    }
    double gap = side > 0 ? Math.nextUp(d) - d : d - Math.nextDown(d);
    boolean tie =
        residual.abs().multiply(BigDecimal.valueOf(2)).compareTo(new BigDecimal(gap)) == 0;
    return tie ? 2 * side : side;
  }

  static boolean sameSign(double a, double b) {
    return (Double.doubleToRawLongBits(a) ^ Double.doubleToRawLongBits(b)) >= 0;
  }

  static double twoSumError(double a, double b, double sum) {
    double bVirtual = sum - a;
    double aVirtual = sum - bVirtual;
    return (a - aVirtual) + (b - bVirtual);
  }

  /**
   * A quotient's or root's residual reduced to its sign: neither can fall exactly halfway between
   * two representable values, so only the side matters.
   */
  static double residualStandIn(double residual) {
    return Math.signum(residual);
  }

  private static int minMaxS(Registers r, boolean max, int x, int y) {
    if (FloatBits.isSignaling(x) || FloatBits.isSignaling(y)) {
      r.fflags |= NV;
    }
    float a = Float.intBitsToFloat(x);
    float b = Float.intBitsToFloat(y);
    if (Float.isNaN(a) && Float.isNaN(b)) {
      return CANONICAL_NAN_S;
    }
    if (Float.isNaN(a) || Float.isNaN(b)) {
      return Float.isNaN(a) ? y : x;
    }
    return Float.floatToRawIntBits(max ? Math.max(a, b) : Math.min(a, b)); // -0 < +0, as RISC-V
  }

  private static long minMaxD(Registers r, boolean max, long x, long y) {
    if (FloatBits.isSignaling(x) || FloatBits.isSignaling(y)) {
      r.fflags |= NV;
    }
    double a = Double.longBitsToDouble(x);
    double b = Double.longBitsToDouble(y);
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return CANONICAL_NAN_D;
    }
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) ? y : x;
    }
    return Double.doubleToRawLongBits(max ? Math.max(a, b) : Math.min(a, b));
  }

  /**
   * {@code feq} (kind 0) is a quiet comparison: only a signaling NaN sets NV. {@code flt} (1) and
   * {@code fle} (2) are signaling: any NaN sets NV. Any NaN compares false.
   */
  private static long compare(Registers r, int kind, double a, double b, boolean signaling) {
    boolean unordered = Double.isNaN(a) || Double.isNaN(b);
    if (signaling || (unordered && kind != 0)) {
      r.fflags |= NV;
    }
    if (unordered) {
      return 0;
    }
    return switch (kind) {
      case 0 -> a == b ? 1 : 0;
      case 1 -> a < b ? 1 : 0;
      default -> a <= b ? 1 : 0;
    };
  }
}

package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.FloatBits.CANONICAL_NAN_S;
import static dev.vmm.riscv.internal.FloatBits.DZ;
import static dev.vmm.riscv.internal.FloatBits.NV;
import static dev.vmm.riscv.internal.Op.*;

/**
 * Single-precision arithmetic, computed in double. A product of two singles is exact in double
 * and a sum, quotient or root comes with an exact (TwoSum) or sign-correct residual, so
 * {@link Rounding#toSingle} rounds each exactly once, in any mode, with no double-rounding error.
 * The fused forms are exact too: {@code a*b} is exact in double, so {@code a*b + c} is one TwoSum.
 */
final class SingleArithmetic {
  private SingleArithmetic() {}

  static float compute(Registers r, Rounding rounding, int op, int x, int y, int z, int rm) {
    boolean fused = op >= FMADD_S && op <= FNMADD_S;
    boolean usesY = op != FSQRT_S;
    if (FloatBits.isSignaling(x) || (usesY && FloatBits.isSignaling(y))
        || (fused && FloatBits.isSignaling(z))) {
      r.fflags |= NV;
    }
    double a = Float.intBitsToFloat(x);
    double b = Float.intBitsToFloat(y);
    double c = Float.intBitsToFloat(z);
    if (Double.isNaN(a) || (usesY && Double.isNaN(b)) || (fused && Double.isNaN(c))) {
      if (fused && (Double.isInfinite(a) && b == 0 || a == 0 && Double.isInfinite(b))) {
        r.fflags |= NV; // 0 * inf is invalid even when the addend is a quiet NaN
      }
      return Float.intBitsToFloat(CANONICAL_NAN_S);
    }
    boolean finiteInputs = Double.isFinite(a) && (!usesY || Double.isFinite(b))
        && (!fused || Double.isFinite(c));
    if (op == FSUB_S) {
      b = -b;
    }
    if (op == FMSUB_S || op == FNMADD_S) {
      c = -c;
    }
    if (op == FNMSUB_S || op == FNMADD_S) {
      a = -a;
    }
    double d;
    double err = 0;
    switch (op) {
      case FADD_S, FSUB_S -> {
        d = a + b;
        err = Double.isFinite(d) ? FloatUnit.twoSumError(a, b, d) : 0;
        if (d == 0 && err == 0 && rm == Rounding.RDN
            && !(a == 0 && b == 0 && FloatUnit.sameSign(a, b))) {
          return -0.0f;
        }
      }
      case FMUL_S -> d = a * b;
      case FDIV_S -> {
        d = a / b;
        if (b == 0 && a != 0 && Double.isFinite(a)) {
          r.fflags |= DZ;
          return (float) d;
        }
        err = Double.isFinite(d)
            ? FloatUnit.residualStandIn(Math.fma(-d, b, a) * Math.signum(b)) : 0;
      }
      case FSQRT_S -> {
        d = Math.sqrt(a);
        err = Double.isFinite(d) ? FloatUnit.residualStandIn(Math.fma(-d, d, a)) : 0;
      }
      default -> {
        double product = a * b; // exact: 24 + 24 bits fit in 53
        d = product + c;
        err = Double.isFinite(d) ? FloatUnit.twoSumError(product, c, d) : 0;
        if (d == 0 && err == 0 && rm == Rounding.RDN
            && !(product == 0 && c == 0 && FloatUnit.sameSign(product, c))) {
          return -0.0f;
        }
      }
    }
    if (Double.isNaN(d)) {
      r.fflags |= NV;
      return Float.intBitsToFloat(CANONICAL_NAN_S);
    }
    if (!finiteInputs) {
      return (float) d;
    }
    return rounding.toSingle(d, err, rm);
  }
}

package dev.vmm.riscv.internal;

/**
 * Where the exact value of a fused multiply-add lies relative to its round-to-nearest-even result,
 * without allocating: Boldo and Muller's ErrFma ("Exact and Approximated Error of the FMA", IEEE
 * Transactions on Computers 60(2), 2011) writes {@code a*b + c - RN(a*b + c)} exactly as the
 * unevaluated sum {@code r2 + r3} of two doubles, from one FMA for the product's own error and
 * TwoSums. The transformations are exact when nothing underflows or overflows on the way, which
 * {@link #applies} checks with margin; outside that the caller uses exact decimal arithmetic.
 */
final class ExactFma {
  /** {@link #where}'s answer for an exact result. */
  static final int EXACT = 0;

  private ExactFma() {}

  /**
   * Whether {@link #where} is exact for these magnitudes: a product and addend far from the
   * subnormal range (then a nonzero exact result is a multiple of 2^-1005, so it is normal too)
   * and from overflow.
   *
   * @param product {@code a * b} rounded
   * @param c the addend
   */
  static boolean applies(double product, double c) {
    double p = Math.abs(product);
    double q = Math.abs(c);
    return p >= 0x1p-899 && p <= 0x1p1000 && (c == 0 || (q >= 0x1p-900 && q <= 0x1p1000));
  }

  /**
   * Where {@code a*b + c} lies relative to {@code d = RN(a*b + c)}: 0 if equal; otherwise the sign
   * of {@code a*b + c - d}, doubled when the exact value lies exactly halfway between {@code d} and
   * its neighbour on that side (a tie).
   *
   * @param a the multiplicand
   * @param b the multiplier
   * @param c the addend
   * @param d {@code Math.fma(a, b, c)}, finite
   * @return 0, ±1, or ±2 for a tie
   */
  static int where(double a, double b, double c, double d) {
    double u1 = a * b;
    double u2 = Math.fma(a, b, -u1); // a*b = u1 + u2 exactly
    double alpha1 = c + u2;
    double alpha2 = FloatUnit.twoSumError(c, u2, alpha1);
    double beta1 = u1 + alpha1;
    double beta2 = FloatUnit.twoSumError(u1, alpha1, beta1);
    double gamma = (beta1 - d) + beta2;
    double r2 = gamma + alpha2;
    double r3 = FloatUnit.twoSumError(gamma, alpha2, r2); // a*b + c - d = r2 + r3 exactly
    int side = r2 != 0 ? (int) Math.signum(r2) : (int) Math.signum(r3);
    if (side == 0) {
      return EXACT;
    }
    double gap = side > 0 ? Math.nextUp(d) - d : d - Math.nextDown(d);
    return r3 == 0 && Math.abs(r2) * 2 == gap ? 2 * side : side;
  }
}

package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.ECALL;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fmadd.d, fmsub.d, fnmsub.d and fnmadd.d in all five rounding modes against a model that knows
 * the exact result (BigDecimal). Operands are chosen to reach the hard cases: ordinary values,
 * deep cancellation (an addend that nearly cancels the product), exact ties (integer products
 * just past 2^53), and magnitudes near both ends of the range, where the hart takes its exact
 * slow path. NX must be set exactly when the result is inexact. The seed is in every failure.
 */
class FusedMultiplyAddModelTest {
  /** The R4 major opcodes: fmadd, fmsub, fnmsub, fnmadd. */
  static final int[] OPCODES = {0x43, 0x47, 0x4B, 0x4F};
  static final int DOUBLE = 1;

  static LongStream seeds() {
    return LongStream.range(0, 40).map(i -> 0x9E37_79B9_7F4A_7C15L * (i + 1));
  }

  static int r4(int opcode, int rs3, int rs2, int rs1, int rm, int rd) {
    return rs3 << 27 | DOUBLE << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opcode;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void fusedArithmeticRoundsLikeTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int sample = 0; sample < 250; sample++) {
      int kind = random.nextInt(4);
      int rm = random.nextInt(5);
      double[] abc = operands(random);
      double a = abc[0];
      double b = abc[1];
      double c = abc[2];
      // What the instruction computes, as a*b + c with signs folded in.
      double sa = kind >= 2 ? -a : a;
      double sc = kind == 1 || kind == 3 ? -c : c;
      double nearest = Math.fma(sa, b, sc);
      if (Double.isInfinite(nearest) || nearest == 0) {
        continue; // overflow and signed zeros have tests of their own
      }
      BigDecimal exact = new BigDecimal(sa).multiply(new BigDecimal(b)).add(new BigDecimal(sc));
      BigDecimal residual = exact.subtract(new BigDecimal(nearest));
      int side = residual.signum();
      double gap = side > 0 ? Math.nextUp(nearest) - nearest : nearest - Math.nextDown(nearest);
      boolean tie = side != 0
          && residual.abs().multiply(BigDecimal.valueOf(2)).compareTo(new BigDecimal(gap)) == 0;
      double expected = FloatRoundingModelTest.pick(nearest, side, tie, rm, false);

      HartHarness t = new HartHarness();
      t.hart.setF(1, Double.doubleToRawLongBits(a));
      t.hart.setF(2, Double.doubleToRawLongBits(b));
      t.hart.setF(3, Double.doubleToRawLongBits(c));
      t.code(r4(OPCODES[kind], 3, 2, 1, rm, 4), ECALL);
      t.run();

      String at = String.format("seed %d sample %d: op %d rm %d of %a, %a, %a", seed, sample,
          kind, rm, a, b, c);
      assertThat(Double.longBitsToDouble(t.hart.f(4))).as(at).isEqualTo(expected);
      assertThat(t.hart.fcsr() & 1).as(at + " NX").isEqualTo(side != 0 ? 1 : 0);
    }
  }

  static double[] operands(SplittableRandom random) {
    switch (random.nextInt(5)) {
      case 0 -> { // a tie: an integer product needing 54 bits, plus a small integer
        double a = random.nextInt(1 << 26, 1 << 27);
        double b = random.nextInt(1 << 26, 1 << 27);
        return new double[] {a, b, random.nextInt(-8, 9)};
      }
      case 1 -> { // deep cancellation: c cancels all but the product's rounding error
        double a = ordinary(random);
        double b = ordinary(random);
        double c = -(a * b);
        return new double[] {a, b, random.nextBoolean() ? c : c + Math.ulp(c) * random.nextInt(-3, 4)};
      }
      case 2 -> { // near the ends of the range: the exact slow path
        double a = (random.nextDouble() + 0.5) * Math.pow(2, random.nextInt(-1074, -1000));
        double b = (random.nextDouble() + 0.5) * Math.pow(2, random.nextInt(-60, 60));
        return new double[] {a, b, (random.nextDouble() - 0.5) * Math.pow(2, -1060)};
      }
      case 3 -> { // a product near 2^1000 and beyond the fast path's bound
        double a = (random.nextDouble() + 1) * 0x1p600;
        double b = (random.nextDouble() + 1) * Math.pow(2, random.nextInt(380, 420));
        return new double[] {a, b, ordinary(random) * 0x1p1000};
      }
      default -> {
        return new double[] {ordinary(random), ordinary(random), ordinary(random)};
      }
    }
  }

  static double ordinary(SplittableRandom random) {
    return (random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(-60, 60));
  }
}

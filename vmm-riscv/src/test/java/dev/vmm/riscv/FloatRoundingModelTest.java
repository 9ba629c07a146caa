package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.ECALL;
import static dev.vmm.riscv.Asm.fp;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fadd, fsub, fmul and fdiv in single and double precision, in all five rounding modes, against a
 * model that knows the exact result (BigDecimal) and picks the neighbour each mode asks for; NX
 * must be set exactly when the result is inexact. Operands stay in the normal range (results that
 * overflow or fall below the normal range are skipped: the model does not treat them). The seed
 * is in every failure.
 */
class FloatRoundingModelTest {
  static final int[] FUNCT7 = {0x00, 0x04, 0x08, 0x0C}; // add, sub, mul, div (single; +1 double)

  static LongStream seeds() {
    return LongStream.range(0, 40).map(i -> 0xD1B5_4A32_D192_ED03L * (i + 1));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void arithmeticRoundsLikeTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int sample = 0; sample < 200; sample++) {
      boolean single = random.nextBoolean();
      int kind = random.nextInt(4);
      int rm = random.nextInt(5);
      double a = operand(random, single);
      double b = operand(random, single);
      if (kind == 3 && b == 0) {
        continue;
      }
      double nearest = single ? nearestSingle(kind, (float) a, (float) b) : nearest(kind, a, b);
      if (Double.isInfinite(nearest) || nearest != 0 && Math.abs(nearest)
          < (single ? Float.MIN_NORMAL : Double.MIN_NORMAL)) {
        continue;
      }
      int side = exactSide(kind, a, b, nearest); // sign of (exact - nearest)
      double expected = pick(nearest, side, tie(kind, a, b, nearest, single), rm, single);

      HartHarness t = new HartHarness();
      t.hart.setF(1, single ? box((float) a) : Double.doubleToRawLongBits(a));
      t.hart.setF(2, single ? box((float) b) : Double.doubleToRawLongBits(b));
      t.code(fp(FUNCT7[kind] + (single ? 0 : 1), 2, 1, rm, 3), ECALL);
      t.run();

      String at = String.format("seed %d sample %d: %s op %d rm %d of %s, %s", seed, sample,
          single ? "single" : "double", kind, rm, a, b);
      long actual = t.hart.f(3);
      assertThat(single ? Float.intBitsToFloat((int) actual) : Double.longBitsToDouble(actual))
          .as(at).isEqualTo(single ? (double) (float) expected : expected);
      assertThat(t.hart.fcsr() & 1).as(at + " NX").isEqualTo(side != 0 ? 1 : 0);
    }
  }

  static double operand(SplittableRandom random, boolean single) {
    double v = switch (random.nextInt(4)) {
      case 0 -> random.nextInt(-1000, 1000); // small integers: many exact results and ties
      case 1 -> random.nextInt(-64, 64) / 8.0;
      default -> (random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(-40, 40));
    };
    return single ? (float) v : v;
  }

  static double nearest(int kind, double a, double b) {
    return switch (kind) {
      case 0 -> a + b;
      case 1 -> a - b;
      case 2 -> a * b;
      default -> a / b;
    };
  }

  static double nearestSingle(int kind, float a, float b) {
    return switch (kind) {
      case 0 -> a + b;
      case 1 -> a - b;
      case 2 -> a * b;
      default -> a / b;
    };
  }

  /** The sign of exact - nearest, computed exactly. */
  static int exactSide(int kind, double a, double b, double nearest) {
    BigDecimal x = new BigDecimal(a);
    BigDecimal y = new BigDecimal(b);
    BigDecimal n = new BigDecimal(nearest);
    return switch (kind) {
      case 0 -> x.add(y).compareTo(n);
      case 1 -> x.subtract(y).compareTo(n);
      case 2 -> x.multiply(y).compareTo(n);
      default -> x.subtract(n.multiply(y)).signum() * y.signum(); // a/b - n = (a - n*b)/b
    };
  }

  /** Whether the exact result lies exactly halfway between nearest and its other neighbour. */
  static boolean tie(int kind, double a, double b, double nearest, boolean single) {
    if (kind == 3) {
      return false; // a quotient of two floating-point numbers is never exactly halfway
    }
    BigDecimal exact = switch (kind) {
      case 0 -> new BigDecimal(a).add(new BigDecimal(b));
      case 1 -> new BigDecimal(a).subtract(new BigDecimal(b));
      default -> new BigDecimal(a).multiply(new BigDecimal(b));
    };
    double ulp = single ? Math.ulp((float) nearest) : Math.ulp(nearest);
    return exact.subtract(new BigDecimal(nearest)).abs().multiply(BigDecimal.valueOf(2))
        .compareTo(new BigDecimal(ulp)) == 0;
  }

  /** The result a mode picks, given the round-to-nearest-even result and where the exact one is. */
  static double pick(double nearest, int side, boolean tie, int rm, boolean single) {
    if (side == 0) {
      return nearest;
    }
    double other = single
        ? (side > 0 ? Math.nextUp((float) nearest) : Math.nextDown((float) nearest))
        : (side > 0 ? Math.nextUp(nearest) : Math.nextDown(nearest));
    double lo = Math.min(nearest, other);
    double hi = Math.max(nearest, other);
    boolean positive = nearest > 0 || (nearest == 0 && side > 0);
    return switch (rm) {
      case 1 -> positive ? lo : hi; // toward zero
      case 2 -> lo;
      case 3 -> hi;
      case 4 -> tie ? (positive ? hi : lo) : nearest;
      default -> nearest;
    };
  }

  static long box(float v) {
    return 0xFFFF_FFFF_0000_0000L | (Float.floatToRawIntBits(v) & 0xFFFF_FFFFL);
  }
}

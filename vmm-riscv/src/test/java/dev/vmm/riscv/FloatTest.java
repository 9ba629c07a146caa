package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.ECALL;
import static dev.vmm.riscv.Asm.fp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** F and D semantics the manual pins down: NaN boxing and canonical NaNs, flags, saturation. */
class FloatTest {
  static final int NV = 16;
  static final int DZ = 8;
  static final int OF = 4;
  static final int NX = 1;
  static final long CANONICAL_NAN_D = 0x7FF8_0000_0000_0000L;
  static final long BOXED_CANONICAL_NAN_S = 0xFFFF_FFFF_7FC0_0000L;
  static final int RNE = 0;
  static final int RTZ = 1;
  static final int RDN = 2;
  static final int RUP = 3;
  static final int RMM = 4;
  static final int DYN = 7;

  /** Runs one instruction with f1 = a, f2 = b, x11 = a (for moves from x), from clean flags. */
  static HartHarness run(int instruction, long a, long b) {
    HartHarness t = new HartHarness();
    t.hart.setF(1, a);
    t.hart.setF(2, b);
    t.hart.setX(11, a);
    t.code(instruction, ECALL);
    HartStop stop = t.run();
    assertThat(stop).as(stop.describe()).isInstanceOf(HartStop.Halted.class);
    return t;
  }

  static long d(double v) {
    return Double.doubleToRawLongBits(v);
  }

  static long s(float v) {
    return 0xFFFF_FFFF_0000_0000L | (Float.floatToRawIntBits(v) & 0xFFFF_FFFFL);
  }

  @Nested
  class NanBoxingAndCanonicalNans {
    @Test
    void aSingleThatIsNotBoxedReadsAsTheCanonicalNan() {
      HartHarness t = run(fp(0x00, 2, 1, RNE, 3), d(1.0), s(1.0f)); // fadd.s f3, f1, f2

      assertThat(t.hart.f(3)).isEqualTo(BOXED_CANONICAL_NAN_S);
      assertThat(t.hart.fcsr()).isZero(); // a quiet NaN in, no invalid flag
    }

    @Test
    void singleResultsAreBoxed() {
      HartHarness t = run(fp(0x00, 2, 1, RNE, 3), s(1.5f), s(2.0f));

      assertThat(t.hart.f(3)).isEqualTo(s(3.5f));
    }

    @Test
    void invalidOperationsGiveTheCanonicalNanAndRaiseNv() {
      HartHarness t = run(fp(0x0D, 2, 1, RNE, 3), d(0.0), d(0.0)); // fdiv.d 0/0

      assertThat(t.hart.f(3)).isEqualTo(CANONICAL_NAN_D);
      assertThat(t.hart.fcsr()).isEqualTo(NV);
    }

    @Test
    void aNanPayloadIsNotPropagated() {
      long payloadNan = 0x7FF8_0000_0000_1234L;
      HartHarness t = run(fp(0x01, 2, 1, RNE, 3), payloadNan, d(1.0)); // fadd.d

      assertThat(t.hart.f(3)).isEqualTo(CANONICAL_NAN_D);
    }

    @Test
    void divisionByZeroRaisesDz() {
      HartHarness t = run(fp(0x0D, 2, 1, RNE, 3), d(-1.0), d(0.0));

      assertThat(t.hart.f(3)).isEqualTo(d(Double.NEGATIVE_INFINITY));
      assertThat(t.hart.fcsr()).isEqualTo(DZ);
    }
  }

  @Nested
  class ConversionsToIntegers {
    long convert(int rs2, double v, int rm, int expectedFlags) { // fcvt.{w,wu,l,lu}.d x10, f1
      HartHarness t = run(fp(0x61, rs2, 1, rm, 10), d(v), 0);
      assertThat(t.hart.fcsr() & 0x1F).as("flags converting %s", v).isEqualTo(expectedFlags);
      return t.hart.x(10);
    }

    @Test
    void outOfRangeSaturatesAndRaisesInvalid() {
      assertThat(convert(0, 3e9, RTZ, NV)).isEqualTo(Integer.MAX_VALUE);
      assertThat(convert(0, Double.NEGATIVE_INFINITY, RTZ, NV)).isEqualTo(Integer.MIN_VALUE);
      assertThat(convert(0, Double.NaN, RTZ, NV)).isEqualTo(Integer.MAX_VALUE);
      assertThat(convert(1, -1.0, RTZ, NV)).isZero();
      assertThat(convert(1, Double.NaN, RTZ, NV)).isEqualTo(-1); // 0xFFFFFFFF, sign-extended
      assertThat(convert(2, 1e19, RTZ, NV)).isEqualTo(Long.MAX_VALUE);
      assertThat(convert(3, -5.0, RTZ, NV)).isZero();
      assertThat(convert(3, 1e20, RTZ, NV)).isEqualTo(-1);
    }

    @Test
    void inRangeResultsAreExactOrInexactButNeverInvalid() {
      assertThat(convert(1, 4e9, RTZ, 0)).isEqualTo((long) (int) 4_000_000_000L); // sign-extended
      assertThat(convert(1, -0.5, RTZ, NX)).isZero(); // rounds into range: inexact, not invalid
      assertThat(convert(3, 1.8e19, RTZ, 0)).isEqualTo(Long.parseUnsignedLong("18000000000000000000"));
      assertThat(convert(0, -2147483648.0, RTZ, 0)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void everyRoundingModeRoundsAsTheManualSays() {
      double[] inputs = {2.5, -2.5, 0.5, -0.5, 1.25, -1.75};
      int[] modes = {RNE, RTZ, RDN, RUP, RMM};
      long[][] expected = { // rows: inputs; columns: modes
          {2, 2, 2, 3, 3}, {-2, -2, -3, -2, -3}, {0, 0, 0, 1, 1}, {0, 0, -1, 0, -1},
          {1, 1, 1, 2, 1}, {-2, -1, -2, -1, -2}};
      for (int i = 0; i < inputs.length; i++) {
        for (int m = 0; m < modes.length; m++) {
          assertThat(convert(2, inputs[i], modes[m], NX))
              .as("fcvt.l.d %s in mode %d", inputs[i], modes[m]).isEqualTo(expected[i][m]);
        }
      }
    }

    @Test
    void theDynamicModeReadsFrm() {
      HartHarness t = new HartHarness();
      t.hart.setF(1, d(2.5));
      t.hart.setFcsr(RUP << 5);
      t.code(fp(0x61, 2, 1, DYN, 10), ECALL);

      t.run();

      assertThat(t.hart.x(10)).isEqualTo(3);
    }

    @Test
    void anInvalidFrmMakesADynamicInstructionIllegal() {
      HartHarness t = new HartHarness();
      t.hart.setFcsr(5 << 5);
      t.code(fp(0x01, 2, 1, DYN, 3), ECALL);

      HartStop stop = t.run();

      assertThat(stop).isInstanceOf(HartStop.IllegalInstruction.class);
      assertThat(((HartStop.IllegalInstruction) stop).mnemonic()).startsWith("fadd.d")
          .contains("frm=5");
    }
  }

  @Nested
  class SignMinMaxClassify {
    @Test
    void minAndMaxOrderSignedZerosAndPreferNumbersToNans() {
      assertThat(run(fp(0x15, 2, 1, 0, 3), d(0.0), d(-0.0)).hart.f(3)).isEqualTo(d(-0.0));
      assertThat(run(fp(0x15, 2, 1, 1, 3), d(-0.0), d(0.0)).hart.f(3)).isEqualTo(d(0.0));
      HartHarness quiet = run(fp(0x15, 2, 1, 0, 3), d(Double.NaN), d(4.0));
      assertThat(quiet.hart.f(3)).isEqualTo(d(4.0));
      assertThat(quiet.hart.fcsr()).isZero();
      HartHarness signaling = run(fp(0x15, 2, 1, 1, 3), 0x7FF0_0000_0000_0001L, d(4.0));
      assertThat(signaling.hart.f(3)).isEqualTo(d(4.0));
      assertThat(signaling.hart.fcsr()).isEqualTo(NV);
      assertThat(run(fp(0x15, 2, 1, 0, 3), d(Double.NaN), d(Double.NaN)).hart.f(3))
          .isEqualTo(CANONICAL_NAN_D);
    }

    @Test
    void signInjectionWorksOnTheBits() {
      assertThat(run(fp(0x11, 2, 1, 0, 3), d(1.5), d(-2.0)).hart.f(3)).isEqualTo(d(-1.5));
      assertThat(run(fp(0x11, 2, 1, 1, 3), d(1.5), d(-2.0)).hart.f(3)).isEqualTo(d(1.5));
      assertThat(run(fp(0x11, 2, 1, 2, 3), d(-1.5), d(-2.0)).hart.f(3)).isEqualTo(d(1.5));
      assertThat(run(fp(0x10, 2, 1, 1, 3), s(3.0f), s(1.0f)).hart.f(3)).isEqualTo(s(-3.0f));
    }

    @Test
    void classifySetsOneBitPerClass() {
      long[] values = {d(Double.NEGATIVE_INFINITY), d(-1.0), d(-Double.MIN_VALUE), d(-0.0),
          d(0.0), d(Double.MIN_VALUE), d(1.0), d(Double.POSITIVE_INFINITY),
          0x7FF0_0000_0000_0001L, CANONICAL_NAN_D};
      for (int bit = 0; bit < values.length; bit++) {
        assertThat(run(fp(0x71, 0, 1, 1, 10), values[bit], 0).hart.x(10))
            .as("fclass.d of %x", values[bit]).isEqualTo(1L << bit);
      }
      assertThat(run(fp(0x70, 0, 1, 1, 10), d(1.0), 0).hart.x(10)).isEqualTo(1 << 9); // unboxed
    }

    @Test
    void comparisonsRaiseInvalidOnlyWhenTheManualSays() {
      HartHarness feq = run(fp(0x51, 2, 1, 2, 10), d(Double.NaN), d(1.0));
      assertThat(feq.hart.x(10)).isZero();
      assertThat(feq.hart.fcsr()).isZero();
      HartHarness flt = run(fp(0x51, 2, 1, 1, 10), d(Double.NaN), d(1.0));
      assertThat(flt.hart.x(10)).isZero();
      assertThat(flt.hart.fcsr()).isEqualTo(NV);
      assertThat(run(fp(0x51, 2, 1, 0, 10), d(-0.0), d(0.0)).hart.x(10)).isEqualTo(1); // fle
    }

    @Test
    void movesCopyRawBits() {
      assertThat(run(fp(0x70, 0, 1, 0, 10), 0x1234_5678_8000_0001L, 0).hart.x(10))
          .isEqualTo(0xFFFF_FFFF_8000_0001L); // fmv.x.w: low word, sign-extended
      assertThat(run(fp(0x78, 0, 11, 0, 3), 0x1234_5678_4000_0000L, 0).hart.f(3))
          .isEqualTo(s(2.0f)); // fmv.w.x boxes the low word
      assertThat(run(fp(0x79, 0, 11, 0, 3), 0x7FF0_0000_0000_0001L, 0).hart.f(3))
          .isEqualTo(0x7FF0_0000_0000_0001L); // fmv.d.x keeps even a signaling NaN
    }
  }

  /**
   * Overflow is judged on the result rounded as if the exponent were unbounded (IEEE 754 7.4):
   * a true value between the largest double and 2^1024 overflows only in the modes that round it
   * up; 2^1024 and beyond overflow in every mode. Cases where nearest-even already gives infinity.
   */
  @Nested
  class DoubleOverflow {
    static final int FADD_D = 0x01;
    static final int FMUL_D = 0x09;
    static final int FDIV_D = 0x0D;
    static final double MAX = Double.MAX_VALUE;
    /** MAX + 2^970 is halfway to 2^1024: nearest-even rounds it to infinity, yet it is below 2^1024. */
    static final double HALF_ULP = 0x1p970;

    static HartHarness op(int funct7, double a, double b, int rm) {
      return run(fp(funct7, 2, 1, rm, 3), d(a), d(b));
    }

    @Test
    void belowTwoTo1024TheModesTowardZeroGiveMaxWithoutOverflow() {
      for (int rm : new int[] {RTZ, RDN}) {
        HartHarness t = op(FADD_D, MAX, HALF_ULP, rm);
        assertThat(Double.longBitsToDouble(t.hart.f(3))).as("rm %d", rm).isEqualTo(MAX);
        assertThat(t.hart.fcsr() & 0x1F).as("rm %d flags", rm).isEqualTo(NX);
      }
      HartHarness negative = op(FADD_D, -MAX, -HALF_ULP, RUP);
      assertThat(Double.longBitsToDouble(negative.hart.f(3))).isEqualTo(-MAX);
      assertThat(negative.hart.fcsr() & 0x1F).isEqualTo(NX);
    }

    @Test
    void belowTwoTo1024TheModesAwayFromZeroOverflowToInfinity() {
      for (int rm : new int[] {RNE, RUP, RMM}) {
        HartHarness t = op(FADD_D, MAX, HALF_ULP, rm);
        assertThat(Double.longBitsToDouble(t.hart.f(3))).as("rm %d", rm)
            .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.hart.fcsr() & 0x1F).as("rm %d flags", rm).isEqualTo(OF | NX);
      }
    }

    @Test
    void exactlyTwoTo1024OverflowsInEveryMode() {
      // MAX = 2^1024 * (1 - 2^-53), so dividing by 1 - 2^-53 gives 2^1024 exactly.
      for (int rm : new int[] {RNE, RTZ, RDN, RUP, RMM}) {
        HartHarness t = op(FDIV_D, MAX, Math.nextDown(1.0), rm);
        double expected = rm == RTZ || rm == RDN ? MAX : Double.POSITIVE_INFINITY;
        assertThat(Double.longBitsToDouble(t.hart.f(3))).as("rm %d", rm).isEqualTo(expected);
        assertThat(t.hart.fcsr() & 0x1F).as("rm %d flags", rm).isEqualTo(OF | NX);
      }
    }

    @Test
    void farBeyondTheRangeOverflowsInEveryMode() {
      for (int rm : new int[] {RNE, RTZ, RDN, RUP, RMM}) {
        HartHarness t = op(FMUL_D, -MAX, 2.0, rm);
        double expected = rm == RTZ || rm == RUP ? -MAX : Double.NEGATIVE_INFINITY;
        assertThat(Double.longBitsToDouble(t.hart.f(3))).as("rm %d", rm).isEqualTo(expected);
        assertThat(t.hart.fcsr() & 0x1F).as("rm %d flags", rm).isEqualTo(OF | NX);
      }
    }
  }
}

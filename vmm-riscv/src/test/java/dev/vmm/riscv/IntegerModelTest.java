package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.ECALL;
import static dev.vmm.riscv.Asm.i;
import static dev.vmm.riscv.Asm.r;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random straight-line sequences of RV64IM register and immediate arithmetic, run on the hart and
 * on a model written from the ISA manual (BigInteger for the high products, the manual's table for
 * division). Registers start at values chosen to hit the edges. The seed is in every failure.
 */
class IntegerModelTest {
  static final long[] EDGES = {0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
      Integer.MIN_VALUE, 0xFFFF_FFFFL, 0x8000_0000L, 63, 64, 31, 32};
  static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** Register-register operations: opcode, funct7, funct3. */
  static final int[][] R = {
      {0x33, 0, 0}, {0x33, 0x20, 0}, {0x33, 0, 1}, {0x33, 0, 2}, {0x33, 0, 3}, {0x33, 0, 4},
      {0x33, 0, 5}, {0x33, 0x20, 5}, {0x33, 0, 6}, {0x33, 0, 7},
      {0x3B, 0, 0}, {0x3B, 0x20, 0}, {0x3B, 0, 1}, {0x3B, 0, 5}, {0x3B, 0x20, 5},
      {0x33, 1, 0}, {0x33, 1, 1}, {0x33, 1, 2}, {0x33, 1, 3}, {0x33, 1, 4}, {0x33, 1, 5},
      {0x33, 1, 6}, {0x33, 1, 7}, {0x3B, 1, 0}, {0x3B, 1, 4}, {0x3B, 1, 5}, {0x3B, 1, 6},
      {0x3B, 1, 7}};

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x9E37_79B9_7F4A_7C15L * (i + 1));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void hartAgreesWithTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    HartHarness t = new HartHarness();
    long[] model = new long[32];
    for (int reg = 1; reg < 8; reg++) {
      long v = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
      model[reg] = v;
      t.hart.setX(reg, v);
    }
    int steps = 200;
    int[] program = new int[steps + 1];
    String[] described = new String[steps];
    for (int step = 0; step < steps; step++) {
      int rd = random.nextInt(8); // x0 included: writes to it must vanish
      int rs1 = random.nextInt(8);
      int rs2 = random.nextInt(8);
      long a = model[rs1];
      long b = model[rs2];
      long result;
      if (random.nextInt(3) > 0) {
        int[] op = R[random.nextInt(R.length)];
        program[step] = r(op[1], rs2, rs1, op[2], rd, op[0]);
        result = register(op[0], op[1], op[2], a, b);
        described[step] = String.format("op %x/%x/%d x%d, x%d, x%d", op[0], op[1], op[2], rd, rs1, rs2);
      } else {
        int f3 = new int[] {0, 2, 3, 4, 6, 7, 1, 5}[random.nextInt(8)];
        boolean word = random.nextInt(4) == 0 && (f3 == 0 || f3 == 1 || f3 == 5);
        boolean arithmetic = f3 == 5 && random.nextBoolean();
        int imm = f3 == 1 || f3 == 5
            ? random.nextInt(word ? 32 : 64) | (arithmetic ? 0x400 : 0)
            : random.nextInt(4096) - 2048;
        program[step] = i(imm, rs1, f3, rd, word ? 0x1B : 0x13);
        result = immediate(word, f3, a, imm);
        described[step] = String.format("%s f3=%d x%d, x%d, %d", word ? "opimm32" : "opimm", f3, rd,
            rs1, imm);
      }
      if (rd != 0) {
        model[rd] = result;
      }
    }
    program[steps] = ECALL;
    t.code(program);

    HartStop stop = t.hart.run(10_000);

    assertThat(stop).as("seed %d: %s", seed, stop.describe()).isInstanceOf(HartStop.Halted.class);
    for (int reg = 0; reg < 8; reg++) {
      assertThat(t.hart.x(reg)).as("seed %d: x%d after the program (last op: %s)", seed, reg,
          described[steps - 1]).isEqualTo(model[reg]);
    }
  }

  static long register(int opcode, int f7, int f3, long a, long b) {
    if (f7 == 1) {
      return opcode == 0x33 ? multiplyDivide(f3, a, b) : multiplyDivideWord(f3, a, b);
    }
    if (opcode == 0x3B) {
      int x = (int) a;
      int shift = (int) (b & 31);
      return switch (f3) {
        case 0 -> f7 == 0 ? x + (int) b : x - (int) b;
        case 1 -> x << shift;
        default -> f7 == 0 ? x >>> shift : x >> shift;
      };
    }
    int shift = (int) (b & 63);
    return switch (f3) {
      case 0 -> f7 == 0 ? a + b : a - b;
      case 1 -> a << shift;
      case 2 -> a < b ? 1 : 0;
      case 3 -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
      case 4 -> a ^ b;
      case 5 -> f7 == 0 ? a >>> shift : a >> shift;
      case 6 -> a | b;
      default -> a & b;
    };
  }

  static long immediate(boolean word, int f3, long a, int imm) {
    if (word) {
      int shamt = imm & 31;
      return switch (f3) {
        case 0 -> (int) a + imm;
        case 1 -> (int) a << shamt;
        default -> (imm & 0x400) != 0 ? (int) a >> shamt : (int) a >>> shamt;
      };
    }
    int shamt = imm & 63;
    return switch (f3) {
      case 0 -> a + imm;
      case 2 -> a < imm ? 1 : 0;
      case 3 -> Long.compareUnsigned(a, imm) < 0 ? 1 : 0;
      case 4 -> a ^ imm;
      case 6 -> a | imm;
      case 7 -> a & imm;
      case 1 -> a << shamt;
      default -> (imm & 0x400) != 0 ? a >> shamt : a >>> shamt;
    };
  }

  static long multiplyDivide(int f3, long a, long b) {
    BigInteger sa = BigInteger.valueOf(a);
    BigInteger sb = BigInteger.valueOf(b);
    BigInteger ua = unsigned(a);
    BigInteger ub = unsigned(b);
    return switch (f3) {
      case 0 -> a * b;
      case 1 -> sa.multiply(sb).shiftRight(64).longValue();
      case 2 -> sa.multiply(ub).shiftRight(64).longValue();
      case 3 -> ua.multiply(ub).shiftRight(64).longValue();
      case 4 -> b == 0 ? -1 : a == Long.MIN_VALUE && b == -1 ? Long.MIN_VALUE
          : sa.divide(sb).longValue(); // BigInteger truncates toward zero, as RISC-V does
      case 5 -> b == 0 ? -1 : ua.divide(ub).longValue();
      case 6 -> b == 0 ? a : a == Long.MIN_VALUE && b == -1 ? 0 : sa.remainder(sb).longValue();
      default -> b == 0 ? a : ua.remainder(ub).longValue();
    };
  }

  static long multiplyDivideWord(int f3, long a, long b) {
    long x = (int) a;
    long y = (int) b;
    long ux = a & 0xFFFF_FFFFL;
    long uy = b & 0xFFFF_FFFFL;
    long result32 = switch (f3) {
      case 0 -> x * y;
      case 4 -> y == 0 ? -1 : x == Integer.MIN_VALUE && y == -1 ? Integer.MIN_VALUE : x / y;
      case 5 -> uy == 0 ? -1 : ux / uy;
      case 6 -> y == 0 ? x : x == Integer.MIN_VALUE && y == -1 ? 0 : x % y;
      default -> uy == 0 ? ux : ux % uy;
    };
    return (int) result32; // every W result is the low 32 bits, sign-extended
  }

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v);
    return v < 0 ? b.add(TWO_64) : b;
  }
}

package dev.vmm.riscv.internal;

/**
 * The M extension's results, exactly as the ISA manual specifies them, including the cases where
 * Java and RISC-V differ or Java throws: division by zero gives all ones (quotient) or the
 * dividend (remainder), and the signed overflow {@code MIN / -1} gives {@code MIN} with remainder
 * 0. The {@code W} forms compute on the low 32 bits and sign-extend the 32-bit result.
 */
final class IntegerMath {
  private IntegerMath() {}

  static long mulhsu(long signed, long unsigned) {
    // The unsigned reading of a negative b is b + 2^64, which adds a to the high half.
    return Math.multiplyHigh(signed, unsigned) + ((unsigned >> 63) & signed);
  }

  static long div(long a, long b) {
    return b == 0 ? -1 : a / b; // Java already gives MIN for MIN / -1
  }

  static long divu(long a, long b) {
    return b == 0 ? -1 : Long.divideUnsigned(a, b);
  }

  static long rem(long a, long b) {
    return b == 0 ? a : a % b; // Java already gives 0 for MIN % -1
  }

  static long remu(long a, long b) {
    return b == 0 ? a : Long.remainderUnsigned(a, b);
  }

  static long divw(long a, long b) {
    int divisor = (int) b;
    return divisor == 0 ? -1 : (int) a / divisor;
  }

  static long divuw(long a, long b) {
    int divisor = (int) b;
    return divisor == 0 ? -1 : Integer.divideUnsigned((int) a, divisor);
  }

  static long remw(long a, long b) {
    int divisor = (int) b;
    return divisor == 0 ? (int) a : (int) a % divisor;
  }

  static long remuw(long a, long b) {
    int divisor = (int) b;
    return divisor == 0 ? (int) a : Integer.remainderUnsigned((int) a, divisor);
  }
}

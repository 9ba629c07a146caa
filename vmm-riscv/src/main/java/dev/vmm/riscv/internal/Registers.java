package dev.vmm.riscv.internal;

/**
 * The architectural state the execution units share: integer and floating-point registers and
 * the floating-point CSR fields. Plain fields, confined to the hart's thread.
 */
final class Registers {
  /** {@code x0..x31}, plus {@link Packed#SINK} where writes to {@code x0} land. */
  final long[] x = new long[33];
  /** {@code f0..f31} as raw bits; singles NaN-boxed. */
  final long[] f = new long[32];
  /** Accrued exception flags, {@code NV DZ OF UF NX} in bits 4..0. */
  int fflags;
  /** The dynamic rounding mode, 0..7 (5..7 are invalid and make dynamic-rm instructions illegal). */
  int frm;
}

package dev.vmm.riscv.internal;

/**
 * The layout of a decoded instruction: one {@code int} word of fields and one {@code int}
 * immediate, stored side by side in a {@link DecodedPage}. The decoder returns both in a single
 * {@code long} (word low, immediate high) so decoding allocates nothing.
 *
 * <pre>
 *  31 30 | 29 | 28..24 | 23..19 | 18..14 | 13..8 | 7..0
 *   0  0 | C  |  rs3   |  rs2   |  rs1   |  rd   |  op
 * </pre>
 *
 * <ul>
 *   <li>{@code op} is an {@link Op} number; 0 ({@link Op#UNDECODED}) marks a slot never decoded.
 *   <li>{@code rd} is 6 bits: an integer destination {@code x0} is stored as 32, a sink register
 *       past the architectural 32, so the loop writes results without testing for {@code x0}
 *       ({@code x0} itself is never written and always reads 0). Floating-point destinations are
 *       stored as they are.
 *   <li>{@code C} is set for a 2-byte (compressed) instruction: the next pc is {@code pc + 2}.
 *   <li>The immediate is whatever the operation needs, already sign-extended and shifted: an
 *       offset, a shift amount, a CSR number, a rounding mode, or, for {@link Op#ILLEGAL}, the
 *       raw instruction bits. For {@link Op#ILLEGAL} bits 15..8 hold the {@link Op} the bits were
 *       recognised as ({@link Op#ILLEGAL} itself if none), for the report.
 * </ul>
 */
public final class Packed {
  /** The integer register number that stands for a write to {@code x0}. */
  public static final int SINK = 32;

  private static final int COMPRESSED = 1 << 29;

  private Packed() {}

  /**
   * Packs an instruction.
   *
   * @param op the operation
   * @param rd the destination field (already mapped to {@link #SINK} for an integer {@code x0})
   * @param rs1 the first source
   * @param rs2 the second source
   * @param rs3 the third source (fused multiply-add only)
   * @param compressed whether the instruction is 2 bytes long
   * @param imm the immediate
   * @return word in the low half, immediate in the high half
   */
  public static long pack(int op, int rd, int rs1, int rs2, int rs3, boolean compressed, int imm) {
    int word = op | rd << 8 | rs1 << 14 | rs2 << 19 | rs3 << 24 | (compressed ? COMPRESSED : 0);
    return (word & 0xFFFF_FFFFL) | (long) imm << 32;
  }

  /**
   * Packs an instruction that cannot run here.
   *
   * @param recognised the operation the bits were recognised as, or {@link Op#ILLEGAL}
   * @param bits the raw instruction bits
   * @param compressed whether the instruction is 2 bytes long
   * @return the packed {@link Op#ILLEGAL} instruction
   */
  public static long illegal(int recognised, int bits, boolean compressed) {
    int word = Op.ILLEGAL | recognised << 8 | (compressed ? COMPRESSED : 0);
    return (word & 0xFFFF_FFFFL) | (long) bits << 32;
  }

  /** Returns the word half of a packed result. */
  public static int word(long packed) {
    return (int) packed;
  }

  /** Returns the immediate half of a packed result. */
  public static int imm(long packed) {
    return (int) (packed >>> 32);
  }

  /** Returns the operation. */
  public static int op(int word) {
    return word & 0xFF;
  }

  /** Returns the destination. */
  public static int rd(int word) {
    return word >>> 8 & 0x3F;
  }

  /** Returns the first source. */
  public static int rs1(int word) {
    return word >>> 14 & 0x1F;
  }

  /** Returns the second source. */
  public static int rs2(int word) {
    return word >>> 19 & 0x1F;
  }

  /** Returns the third source. */
  public static int rs3(int word) {
    return word >>> 24 & 0x1F;
  }

  /** Returns the instruction length. */
  public static int length(int word) {
    return (word & COMPRESSED) != 0 ? 2 : 4;
  }

  /** Returns what an illegal word was recognised as. */
  public static int recognised(int word) {
    return word >>> 8 & 0xFF;
  }
}

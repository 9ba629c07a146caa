package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

/**
 * Decodes one 16-bit RV64C instruction straight into the {@link Packed} form of the 32-bit
 * instruction it stands for (so the loop has no compressed cases), marked 2 bytes long.
 * Reserved encodings become {@link Op#ILLEGAL}; HINTs (writes to {@code x0}, {@code c.nop} with an
 * immediate) decode to their base instruction and so do nothing, as the manual allows.
 */
public final class CompressedDecoder {
  private static final int SP = 2;
  private static final int RA = 1;

  private CompressedDecoder() {}

  /**
   * Decodes a compressed instruction.
   *
   * @param bits the 16-bit parcel in the low bits (its low two bits are not {@code 11})
   * @return the packed instruction
   */
  public static long decode(int bits) {
    bits &= 0xFFFF;
    int f3 = bits >>> 13;
    return switch (bits & 3) {
      case 0 -> quadrant0(bits, f3);
      case 1 -> quadrant1(bits, f3);
      default -> quadrant2(bits, f3);
    };
  }

  private static long quadrant0(int bits, int f3) {
    int rdp = 8 + (bits >>> 2 & 7); // rd' / rs2'
    int rs1p = 8 + (bits >>> 7 & 7);
    int offW = (bits >>> 10 & 7) << 3 | (bits >>> 6 & 1) << 2 | (bits >>> 5 & 1) << 6;
    int offD = (bits >>> 10 & 7) << 3 | (bits >>> 5 & 3) << 6;
    return switch (f3) {
      case 0 -> {
        int imm = (bits >>> 11 & 3) << 4 | (bits >>> 7 & 15) << 6 | (bits >>> 6 & 1) << 2
            | (bits >>> 5 & 1) << 3;
        // All-zero bits are the defined illegal instruction; any zero immediate is reserved.
        yield imm == 0 ? illegal(bits) : x(ADDI, rdp, SP, 0, imm);
      }
      case 1 -> f(FLD, rdp, rs1p, 0, offD);
      case 2 -> x(LW, rdp, rs1p, 0, offW);
      case 3 -> x(LD, rdp, rs1p, 0, offD);
      case 5 -> f(FSD, 0, rs1p, rdp, offD);
      case 6 -> x(SW, 0, rs1p, rdp, offW);
      case 7 -> x(SD, 0, rs1p, rdp, offD);
      default -> illegal(bits);
    };
  }

  private static long quadrant1(int bits, int f3) {
    int rd = bits >>> 7 & 31;
    int imm6 = signed(bits >>> 7 & 0x20 | bits >>> 2 & 0x1F, 6);
    int rdp = 8 + (bits >>> 7 & 7);
    int rs2p = 8 + (bits >>> 2 & 7);
    return switch (f3) {
      case 0 -> x(ADDI, rd, rd, 0, imm6);
      case 1 -> rd == 0 ? illegal(bits) : x(ADDIW, rd, rd, 0, imm6);
      case 2 -> x(ADDI, rd, 0, 0, imm6);
      case 3 -> {
        if (rd == SP) {
          int imm = signed((bits >>> 12 & 1) << 9 | (bits >>> 6 & 1) << 4 | (bits >>> 5 & 1) << 6
              | (bits >>> 3 & 3) << 7 | (bits >>> 2 & 1) << 5, 10);
          yield imm == 0 ? illegal(bits) : x(ADDI, SP, SP, 0, imm);
        }
        yield imm6 == 0 ? illegal(bits) : x(LUI, rd, 0, 0, imm6 << 12);
      }
      case 4 -> switch (bits >>> 10 & 3) {
        case 0 -> x(SRLI, rdp, rdp, 0, bits >>> 7 & 0x20 | bits >>> 2 & 0x1F);
        case 1 -> x(SRAI, rdp, rdp, 0, bits >>> 7 & 0x20 | bits >>> 2 & 0x1F);
        case 2 -> x(ANDI, rdp, rdp, 0, imm6);
        default -> {
          int op = switch ((bits >>> 12 & 1) << 2 | bits >>> 5 & 3) {
            case 0 -> SUB; case 1 -> XOR; case 2 -> OR; case 3 -> AND; case 4 -> SUBW; case 5 -> ADDW;
            default -> ILLEGAL;
          };
          yield op == ILLEGAL ? illegal(bits) : x(op, rdp, rdp, rs2p, 0);
        }
      };
      case 5 -> x(JAL, 0, 0, 0, jumpOffset(bits));
      case 6 -> x(BEQ, 0, rdp, 0, branchOffset(bits));
      default -> x(BNE, 0, rdp, 0, branchOffset(bits));
    };
  }

  private static long quadrant2(int bits, int f3) {
    int rd = bits >>> 7 & 31;
    int rs2 = bits >>> 2 & 31;
    int offLoadD = (bits >>> 12 & 1) << 5 | (bits >>> 5 & 3) << 3 | (bits >>> 2 & 7) << 6;
    int offLoadW = (bits >>> 12 & 1) << 5 | (bits >>> 4 & 7) << 2 | (bits >>> 2 & 3) << 6;
    int offStoreD = (bits >>> 10 & 7) << 3 | (bits >>> 7 & 7) << 6;
    int offStoreW = (bits >>> 9 & 15) << 2 | (bits >>> 7 & 3) << 6;
    return switch (f3) {
      case 0 -> x(SLLI, rd, rd, 0, bits >>> 7 & 0x20 | bits >>> 2 & 0x1F);
      case 1 -> f(FLD, rd, SP, 0, offLoadD);
      case 2 -> rd == 0 ? illegal(bits) : x(LW, rd, SP, 0, offLoadW);
      case 3 -> rd == 0 ? illegal(bits) : x(LD, rd, SP, 0, offLoadD);
      case 4 -> {
        boolean bit12 = (bits >>> 12 & 1) != 0;
        if (!bit12) {
          if (rs2 == 0) {
            yield rd == 0 ? illegal(bits) : x(JALR, 0, rd, 0, 0); // c.jr
          }
          yield x(ADD, rd, 0, rs2, 0); // c.mv
        }
        if (rs2 == 0) {
          yield rd == 0 ? x(EBREAK, 0, 0, 0, 0) : x(JALR, RA, rd, 0, 0); // c.ebreak, c.jalr
        }
        yield x(ADD, rd, rd, rs2, 0); // c.add
      }
      case 5 -> f(FSD, 0, SP, rs2, offStoreD);
      case 6 -> x(SW, 0, SP, rs2, offStoreW);
      default -> x(SD, 0, SP, rs2, offStoreD);
    };
  }

  private static int jumpOffset(int bits) {
    return signed((bits >>> 12 & 1) << 11 | (bits >>> 11 & 1) << 4 | (bits >>> 9 & 3) << 8
        | (bits >>> 8 & 1) << 10 | (bits >>> 7 & 1) << 6 | (bits >>> 6 & 1) << 7
        | (bits >>> 3 & 7) << 1 | (bits >>> 2 & 1) << 5, 12);
  }

  private static int branchOffset(int bits) {
    return signed((bits >>> 12 & 1) << 8 | (bits >>> 10 & 3) << 3 | (bits >>> 5 & 3) << 6
        | (bits >>> 3 & 3) << 1 | (bits >>> 2 & 1) << 5, 9);
  }

  private static int signed(int value, int width) {
    int shift = 32 - width;
    return value << shift >> shift;
  }

  private static long x(int op, int rd, int rs1, int rs2, int imm) {
    return Packed.pack(op, rd == 0 ? Packed.SINK : rd, rs1, rs2, 0, true, imm);
  }

  private static long f(int op, int rd, int rs1, int rs2, int imm) {
    return Packed.pack(op, rd, rs1, rs2, 0, true, imm);
  }

  private static long illegal(int bits) {
    return Packed.illegal(ILLEGAL, bits, true);
  }
}

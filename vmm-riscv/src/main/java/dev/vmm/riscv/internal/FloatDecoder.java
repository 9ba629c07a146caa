package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

/**
 * Decodes the OP-FP major opcode (F and D arithmetic, conversions, moves, compares). The rounding
 * mode goes in the immediate; a reserved one (5 or 6) makes the instruction illegal here, while the
 * dynamic mode (7) is resolved against {@code frm} when it runs.
 */
final class FloatDecoder {
  private FloatDecoder() {}

  static boolean validRoundingMode(int rm) {
    return rm != 5 && rm != 6;
  }

  static long opFp(int bits) {
    int rd = bits >>> 7 & 31;
    int rm = bits >>> 12 & 7;
    int rs1 = bits >>> 15 & 31;
    int rs2 = bits >>> 20 & 31;
    int f7 = bits >>> 25;
    boolean dbl = (f7 & 1) != 0;
    return switch (f7) {
      case 0x00, 0x01 -> rounded(bits, dbl ? FADD_D : FADD_S, rd, rs1, rs2, rm);
      case 0x04, 0x05 -> rounded(bits, dbl ? FSUB_D : FSUB_S, rd, rs1, rs2, rm);
      case 0x08, 0x09 -> rounded(bits, dbl ? FMUL_D : FMUL_S, rd, rs1, rs2, rm);
      case 0x0C, 0x0D -> rounded(bits, dbl ? FDIV_D : FDIV_S, rd, rs1, rs2, rm);
      case 0x2C, 0x2D -> rs2 == 0 ? rounded(bits, dbl ? FSQRT_D : FSQRT_S, rd, rs1, 0, rm)
          : Decoder.illegal(bits);
      case 0x10, 0x11 -> switch (rm) {
        case 0 -> Decoder.f(dbl ? FSGNJ_D : FSGNJ_S, rd, rs1, rs2, 0);
        case 1 -> Decoder.f(dbl ? FSGNJN_D : FSGNJN_S, rd, rs1, rs2, 0);
        case 2 -> Decoder.f(dbl ? FSGNJX_D : FSGNJX_S, rd, rs1, rs2, 0);
        default -> Decoder.illegal(bits);
      };
      case 0x14, 0x15 -> rm == 0 ? Decoder.f(dbl ? FMIN_D : FMIN_S, rd, rs1, rs2, 0)
          : rm == 1 ? Decoder.f(dbl ? FMAX_D : FMAX_S, rd, rs1, rs2, 0) : Decoder.illegal(bits);
      case 0x20 -> rs2 == 1 ? rounded(bits, FCVT_S_D, rd, rs1, 0, rm) : Decoder.illegal(bits);
      case 0x21 -> rs2 == 0 ? rounded(bits, FCVT_D_S, rd, rs1, 0, rm) : Decoder.illegal(bits);
      case 0x50, 0x51 -> switch (rm) {
        case 2 -> Decoder.x(dbl ? FEQ_D : FEQ_S, rd, rs1, rs2, 0);
        case 1 -> Decoder.x(dbl ? FLT_D : FLT_S, rd, rs1, rs2, 0);
        case 0 -> Decoder.x(dbl ? FLE_D : FLE_S, rd, rs1, rs2, 0);
        default -> Decoder.illegal(bits);
      };
      case 0x60, 0x61 -> {
        int op = switch (rs2) {
          case 0 -> dbl ? FCVT_W_D : FCVT_W_S;
          case 1 -> dbl ? FCVT_WU_D : FCVT_WU_S;
          case 2 -> dbl ? FCVT_L_D : FCVT_L_S;
          case 3 -> dbl ? FCVT_LU_D : FCVT_LU_S;
          default -> ILLEGAL;
        };
        yield op == ILLEGAL ? Decoder.illegal(bits)
            : validRoundingMode(rm) ? Decoder.x(op, rd, rs1, 0, rm) : Packed.illegal(op, bits, false);
      }
      case 0x68, 0x69 -> {
        int op = switch (rs2) {
          case 0 -> dbl ? FCVT_D_W : FCVT_S_W;
          case 1 -> dbl ? FCVT_D_WU : FCVT_S_WU;
          case 2 -> dbl ? FCVT_D_L : FCVT_S_L;
          case 3 -> dbl ? FCVT_D_LU : FCVT_S_LU;
          default -> ILLEGAL;
        };
        yield op == ILLEGAL ? Decoder.illegal(bits) : rounded(bits, op, rd, rs1, 0, rm);
      }
      case 0x70, 0x71 -> rs2 != 0 ? Decoder.illegal(bits)
          : rm == 0 ? Decoder.x(dbl ? FMV_X_D : FMV_X_W, rd, rs1, 0, 0)
          : rm == 1 ? Decoder.x(dbl ? FCLASS_D : FCLASS_S, rd, rs1, 0, 0) : Decoder.illegal(bits);
      case 0x78, 0x79 -> rs2 == 0 && rm == 0 ? Decoder.f(dbl ? FMV_D_X : FMV_W_X, rd, rs1, 0, 0)
          : Decoder.illegal(bits);
      default -> Decoder.illegal(bits);
    };
  }

  private static long rounded(int bits, int op, int rd, int rs1, int rs2, int rm) {
    return validRoundingMode(rm) ? Decoder.f(op, rd, rs1, rs2, rm) : Packed.illegal(op, bits, false);
  }
}

package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

/**
 * Decodes one 32-bit RV64GC instruction into its {@link Packed} form. Pure and allocation-free:
 * the cache calls it once per instruction address. Anything it does not recognise, or recognises
 * with a reserved field (a reserved rounding mode, an unimplemented CSR, a write to a read-only
 * CSR), becomes {@link Op#ILLEGAL}, which stops the hart only if it is executed.
 */
public final class Decoder {
  private Decoder() {}

  /**
   * Decodes a 32-bit instruction.
   *
   * @param bits the instruction (its low two bits are {@code 11})
   * @return the packed instruction
   */
  public static long decode(int bits) {
    int rd = bits >>> 7 & 31;
    int f3 = bits >>> 12 & 7;
    int rs1 = bits >>> 15 & 31;
    int rs2 = bits >>> 20 & 31;
    int f7 = bits >>> 25;
    return switch (bits & 0x7F) {
      case 0x37 -> x(LUI, rd, 0, 0, bits & 0xFFFF_F000);
      case 0x17 -> x(AUIPC, rd, 0, 0, bits & 0xFFFF_F000);
      case 0x6F -> x(JAL, rd, 0, 0, immJ(bits));
      case 0x67 -> f3 == 0 ? x(JALR, rd, rs1, 0, bits >> 20) : illegal(bits);
      case 0x63 -> {
        int op = switch (f3) {
          case 0 -> BEQ; case 1 -> BNE; case 4 -> BLT; case 5 -> BGE; case 6 -> BLTU; case 7 -> BGEU;
          default -> ILLEGAL;
        };
        yield op == ILLEGAL ? illegal(bits) : x(op, 0, rs1, rs2, immB(bits));
      }
      case 0x03 -> {
        int op = switch (f3) {
          case 0 -> LB; case 1 -> LH; case 2 -> LW; case 3 -> LD; case 4 -> LBU; case 5 -> LHU;
          case 6 -> LWU; default -> ILLEGAL;
        };
        yield op == ILLEGAL ? illegal(bits) : x(op, rd, rs1, 0, bits >> 20);
      }
      case 0x23 -> {
        int op = switch (f3) {
          case 0 -> SB; case 1 -> SH; case 2 -> SW; case 3 -> SD; default -> ILLEGAL;
        };
        yield op == ILLEGAL ? illegal(bits) : x(op, 0, rs1, rs2, immS(bits));
      }
      case 0x13 -> opImm(bits, rd, f3, rs1);
      case 0x1B -> opImm32(bits, rd, f3, rs1);
      case 0x33 -> x(op(f7, f3), rd, rs1, rs2, 0, bits);
      case 0x3B -> x(op32(f7, f3), rd, rs1, rs2, 0, bits);
      case 0x0F -> f3 == 0 ? x(FENCE, 0, 0, 0, 0) : f3 == 1 ? x(FENCE_I, 0, 0, 0, 0) : illegal(bits);
      case 0x73 -> system(bits, rd, f3, rs1);
      case 0x2F -> amo(bits, rd, f3, rs1, rs2);
      case 0x07 -> f3 == 2 ? f(FLW, rd, rs1, 0, bits >> 20)
          : f3 == 3 ? f(FLD, rd, rs1, 0, bits >> 20) : illegal(bits);
      case 0x27 -> f3 == 2 ? f(FSW, 0, rs1, rs2, immS(bits))
          : f3 == 3 ? f(FSD, 0, rs1, rs2, immS(bits)) : illegal(bits);
      case 0x43 -> fused(bits, FMADD_S, FMADD_D);
      case 0x47 -> fused(bits, FMSUB_S, FMSUB_D);
      case 0x4B -> fused(bits, FNMSUB_S, FNMSUB_D);
      case 0x4F -> fused(bits, FNMADD_S, FNMADD_D);
      case 0x53 -> FloatDecoder.opFp(bits);
      default -> illegal(bits);
    };
  }

  private static long opImm(int bits, int rd, int f3, int rs1) {
    int shamt = bits >>> 20 & 63;
    int f6 = bits >>> 26;
    return switch (f3) {
      case 0 -> x(ADDI, rd, rs1, 0, bits >> 20);
      case 2 -> x(SLTI, rd, rs1, 0, bits >> 20);
      case 3 -> x(SLTIU, rd, rs1, 0, bits >> 20);
      case 4 -> x(XORI, rd, rs1, 0, bits >> 20);
      case 6 -> x(ORI, rd, rs1, 0, bits >> 20);
      case 7 -> x(ANDI, rd, rs1, 0, bits >> 20);
      case 1 -> f6 == 0 ? x(SLLI, rd, rs1, 0, shamt) : illegal(bits);
      default -> f6 == 0 ? x(SRLI, rd, rs1, 0, shamt)
          : f6 == 0x10 ? x(SRAI, rd, rs1, 0, shamt) : illegal(bits);
    };
  }

  private static long opImm32(int bits, int rd, int f3, int rs1) {
    int shamt = bits >>> 20 & 31;
    int f7 = bits >>> 25;
    return switch (f3) {
      case 0 -> x(ADDIW, rd, rs1, 0, bits >> 20);
      case 1 -> f7 == 0 ? x(SLLIW, rd, rs1, 0, shamt) : illegal(bits);
      case 5 -> f7 == 0 ? x(SRLIW, rd, rs1, 0, shamt)
          : f7 == 0x20 ? x(SRAIW, rd, rs1, 0, shamt) : illegal(bits);
      default -> illegal(bits);
    };
  }

  private static int op(int f7, int f3) {
    return switch (f7) {
      case 0 -> switch (f3) {
        case 0 -> ADD; case 1 -> SLL; case 2 -> SLT; case 3 -> SLTU; case 4 -> XOR; case 5 -> SRL;
        case 6 -> OR; default -> AND;
      };
      case 0x20 -> f3 == 0 ? SUB : f3 == 5 ? SRA : ILLEGAL;
      case 1 -> switch (f3) {
        case 0 -> MUL; case 1 -> MULH; case 2 -> MULHSU; case 3 -> MULHU; case 4 -> DIV;
        case 5 -> DIVU; case 6 -> REM; default -> REMU;
      };
      default -> ILLEGAL;
    };
  }

  private static int op32(int f7, int f3) {
    return switch (f7) {
      case 0 -> f3 == 0 ? ADDW : f3 == 1 ? SLLW : f3 == 5 ? SRLW : ILLEGAL;
      case 0x20 -> f3 == 0 ? SUBW : f3 == 5 ? SRAW : ILLEGAL;
      case 1 -> switch (f3) {
        case 0 -> MULW; case 4 -> DIVW; case 5 -> DIVUW; case 6 -> REMW; case 7 -> REMUW;
        default -> ILLEGAL;
      };
      default -> ILLEGAL;
    };
  }

  private static long system(int bits, int rd, int f3, int rs1) {
    if (f3 == 0) {
      return bits == 0x0000_0073 ? x(ECALL, 0, 0, 0, 0)
          : bits == 0x0010_0073 ? x(EBREAK, 0, 0, 0, 0) : illegal(bits);
    }
    int op = switch (f3) {
      case 1 -> CSRRW; case 2 -> CSRRS; case 3 -> CSRRC; case 5 -> CSRRWI; case 6 -> CSRRSI;
      case 7 -> CSRRCI; default -> ILLEGAL;
    };
    if (op == ILLEGAL) {
      return illegal(bits);
    }
    int csr = bits >>> 20;
    // csrrs/csrrc (and their immediate forms) with rs1 = x0 / zimm = 0 only read: legal on a
    // read-only CSR. Every other form writes.
    boolean writes = op == CSRRW || op == CSRRWI || rs1 != 0;
    if (!Csr.exists(csr) || (writes && Csr.readOnly(csr))) {
      return Packed.illegal(op, bits, false);
    }
    return x(op, rd, rs1, 0, csr);
  }

  private static long amo(int bits, int rd, int f3, int rs1, int rs2) {
    boolean word = f3 == 2;
    if (!word && f3 != 3) {
      return illegal(bits);
    }
    int op = switch (bits >>> 27) {
      case 0x02 -> rs2 == 0 ? (word ? LR_W : LR_D) : ILLEGAL;
      case 0x03 -> word ? SC_W : SC_D;
      case 0x01 -> word ? AMOSWAP_W : AMOSWAP_D;
      case 0x00 -> word ? AMOADD_W : AMOADD_D;
      case 0x04 -> word ? AMOXOR_W : AMOXOR_D;
      case 0x0C -> word ? AMOAND_W : AMOAND_D;
      case 0x08 -> word ? AMOOR_W : AMOOR_D;
      case 0x10 -> word ? AMOMIN_W : AMOMIN_D;
      case 0x14 -> word ? AMOMAX_W : AMOMAX_D;
      case 0x18 -> word ? AMOMINU_W : AMOMINU_D;
      case 0x1C -> word ? AMOMAXU_W : AMOMAXU_D;
      default -> ILLEGAL;
    };
    return op == ILLEGAL ? illegal(bits) : x(op, rd, rs1, rs2, 0);
  }

  private static long fused(int bits, int single, int dbl) {
    int fmt = bits >>> 25 & 3;
    int rm = bits >>> 12 & 7;
    int op = fmt == 0 ? single : fmt == 1 ? dbl : ILLEGAL;
    if (op == ILLEGAL) {
      return illegal(bits);
    }
    if (!FloatDecoder.validRoundingMode(rm)) {
      return Packed.illegal(op, bits, false);
    }
    return Packed.pack(op, bits >>> 7 & 31, bits >>> 15 & 31, bits >>> 20 & 31, bits >>> 27, false, rm);
  }

  /** Packs an op whose destination is an integer register (x0 becomes the sink). */
  static long x(int op, int rd, int rs1, int rs2, int imm) {
    return Packed.pack(op, rd == 0 ? Packed.SINK : rd, rs1, rs2, 0, false, imm);
  }

  private static long x(int op, int rd, int rs1, int rs2, int imm, int bits) {
    return op == ILLEGAL ? illegal(bits) : x(op, rd, rs1, rs2, imm);
  }

  /** Packs an op whose destination, if any, is a floating-point register. */
  static long f(int op, int rd, int rs1, int rs2, int imm) {
    return Packed.pack(op, rd, rs1, rs2, 0, false, imm);
  }

  static long illegal(int bits) {
    return Packed.illegal(ILLEGAL, bits, false);
  }

  static int immS(int bits) {
    return bits >> 25 << 5 | bits >>> 7 & 31;
  }

  static int immB(int bits) {
    return bits >> 31 << 12 | (bits >>> 7 & 1) << 11 | (bits >>> 25 & 0x3F) << 5
        | (bits >>> 8 & 0xF) << 1;
  }

  static int immJ(int bits) {
    return bits >> 31 << 20 | bits & 0xF_F000 | (bits >>> 20 & 1) << 11 | (bits >>> 21 & 0x3FF) << 1;
  }
}

package dev.vmm.riscv.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;

/**
 * Operation numbers of decoded instructions: the low byte of a {@link Packed} word, and the labels
 * of the interpreter's {@code switch}. They are plain {@code int} constants, not an enum, so the
 * {@code switch} compiles to one dense {@code tableswitch}. A constant's mnemonic is its name in
 * lower case with {@code _} read as {@code .} ({@code FCVT_W_S} is {@code fcvt.w.s}), so the
 * names cannot drift from the numbers.
 */
public final class Op {
  // Not yet decoded: a cache slot holding 0 has never been decoded.
  public static final int UNDECODED = 0;

  // Decoded, but not executable here; the word's {@link Packed#recognised} field names what it was.
  public static final int ILLEGAL = 1;

  // RV64I.
  public static final int LUI = 2;
  public static final int AUIPC = 3;
  public static final int JAL = 4;
  public static final int JALR = 5;
  public static final int BEQ = 6;
  public static final int BNE = 7;
  public static final int BLT = 8;
  public static final int BGE = 9;
  public static final int BLTU = 10;
  public static final int BGEU = 11;
  public static final int LB = 12;
  public static final int LH = 13;
  public static final int LW = 14;
  public static final int LD = 15;
  public static final int LBU = 16;
  public static final int LHU = 17;
  public static final int LWU = 18;
  public static final int SB = 19;
  public static final int SH = 20;
  public static final int SW = 21;
  public static final int SD = 22;
  public static final int ADDI = 23;
  public static final int SLTI = 24;
  public static final int SLTIU = 25;
  public static final int XORI = 26;
  public static final int ORI = 27;
  public static final int ANDI = 28;
  public static final int SLLI = 29;
  public static final int SRLI = 30;
  public static final int SRAI = 31;
  public static final int ADD = 32;
  public static final int SUB = 33;
  public static final int SLL = 34;
  public static final int SLT = 35;
  public static final int SLTU = 36;
  public static final int XOR = 37;
  public static final int SRL = 38;
  public static final int SRA = 39;
  public static final int OR = 40;
  public static final int AND = 41;
  public static final int ADDIW = 42;
  public static final int SLLIW = 43;
  public static final int SRLIW = 44;
  public static final int SRAIW = 45;
  public static final int ADDW = 46;
  public static final int SUBW = 47;
  public static final int SLLW = 48;
  public static final int SRLW = 49;
  public static final int SRAW = 50;
  public static final int FENCE = 51;
  public static final int FENCE_I = 52;
  public static final int ECALL = 53;
  public static final int EBREAK = 54;

  // Zicsr; the CSR number is the immediate.
  public static final int CSRRW = 55;
  public static final int CSRRS = 56;
  public static final int CSRRC = 57;
  public static final int CSRRWI = 58;
  public static final int CSRRSI = 59;
  public static final int CSRRCI = 60;

  // M.
  public static final int MUL = 61;
  public static final int MULH = 62;
  public static final int MULHSU = 63;
  public static final int MULHU = 64;
  public static final int DIV = 65;
  public static final int DIVU = 66;
  public static final int REM = 67;
  public static final int REMU = 68;
  public static final int MULW = 69;
  public static final int DIVW = 70;
  public static final int DIVUW = 71;
  public static final int REMW = 72;
  public static final int REMUW = 73;

  // A, word.
  public static final int LR_W = 74;
  public static final int SC_W = 75;
  public static final int AMOSWAP_W = 76;
  public static final int AMOADD_W = 77;
  public static final int AMOXOR_W = 78;
  public static final int AMOAND_W = 79;
  public static final int AMOOR_W = 80;
  public static final int AMOMIN_W = 81;
  public static final int AMOMAX_W = 82;
  public static final int AMOMINU_W = 83;
  public static final int AMOMAXU_W = 84;

  // A, doubleword.
  public static final int LR_D = 85;
  public static final int SC_D = 86;
  public static final int AMOSWAP_D = 87;
  public static final int AMOADD_D = 88;
  public static final int AMOXOR_D = 89;
  public static final int AMOAND_D = 90;
  public static final int AMOOR_D = 91;
  public static final int AMOMIN_D = 92;
  public static final int AMOMAX_D = 93;
  public static final int AMOMINU_D = 94;
  public static final int AMOMAXU_D = 95;

  // F and D loads and stores (they need the memory port, so the main loop runs them).
  public static final int FLW = 96;
  public static final int FSW = 97;
  public static final int FLD = 98;
  public static final int FSD = 99;

  // F: everything from here on is run by {@link FloatUnit}.
  public static final int FMADD_S = 100;
  public static final int FMSUB_S = 101;
  public static final int FNMSUB_S = 102;
  public static final int FNMADD_S = 103;
  public static final int FADD_S = 104;
  public static final int FSUB_S = 105;
  public static final int FMUL_S = 106;
  public static final int FDIV_S = 107;
  public static final int FSQRT_S = 108;
  public static final int FSGNJ_S = 109;
  public static final int FSGNJN_S = 110;
  public static final int FSGNJX_S = 111;
  public static final int FMIN_S = 112;
  public static final int FMAX_S = 113;
  public static final int FCVT_W_S = 114;
  public static final int FCVT_WU_S = 115;
  public static final int FCVT_L_S = 116;
  public static final int FCVT_LU_S = 117;
  public static final int FMV_X_W = 118;
  public static final int FEQ_S = 119;
  public static final int FLT_S = 120;
  public static final int FLE_S = 121;
  public static final int FCLASS_S = 122;
  public static final int FCVT_S_W = 123;
  public static final int FCVT_S_WU = 124;
  public static final int FCVT_S_L = 125;
  public static final int FCVT_S_LU = 126;
  public static final int FMV_W_X = 127;

  // D.
  public static final int FMADD_D = 128;
  public static final int FMSUB_D = 129;
  public static final int FNMSUB_D = 130;
  public static final int FNMADD_D = 131;
  public static final int FADD_D = 132;
  public static final int FSUB_D = 133;
  public static final int FMUL_D = 134;
  public static final int FDIV_D = 135;
  public static final int FSQRT_D = 136;
  public static final int FSGNJ_D = 137;
  public static final int FSGNJN_D = 138;
  public static final int FSGNJX_D = 139;
  public static final int FMIN_D = 140;
  public static final int FMAX_D = 141;
  public static final int FCVT_W_D = 142;
  public static final int FCVT_WU_D = 143;
  public static final int FCVT_L_D = 144;
  public static final int FCVT_LU_D = 145;
  public static final int FMV_X_D = 146;
  public static final int FEQ_D = 147;
  public static final int FLT_D = 148;
  public static final int FLE_D = 149;
  public static final int FCLASS_D = 150;
  public static final int FCVT_D_W = 151;
  public static final int FCVT_D_WU = 152;
  public static final int FCVT_D_L = 153;
  public static final int FCVT_D_LU = 154;
  public static final int FMV_D_X = 155;
  public static final int FCVT_S_D = 156;
  public static final int FCVT_D_S = 157;

  // Not an instruction: the entry of a guest function the host serves (FunctionInterceptor).
  public static final int INTERCEPT = 158;

  /** One more than the largest operation number. */
  public static final int COUNT = 159;

  private static final String[] MNEMONICS = mnemonics();

  private Op() {}

  /**
   * Returns the mnemonic of an operation.
   *
   * @param op an operation number
   * @return its mnemonic, for example {@code "amoadd.w"}
   */
  public static String mnemonic(int op) {
    return op >= 0 && op < COUNT ? MNEMONICS[op] : "op" + op;
  }

  /**
   * Returns whether an operation is run by {@link FloatUnit} rather than the main loop.
   *
   * @param op an operation number
   * @return whether it is F or D arithmetic, a conversion, a move or a compare
   */
  public static boolean isFloatUnit(int op) {
    return op >= FMADD_S && op <= FCVT_D_S;
  }

  private static String[] mnemonics() {
    String[] names = new String[COUNT];
    for (Field field : Op.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (field.getType() == int.class && Modifier.isStatic(modifiers) && Modifier.isPublic(modifiers)
          && !field.getName().equals("COUNT")) {
        try {
          names[field.getInt(null)] = field.getName().toLowerCase(Locale.ROOT).replace('_', '.');
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return names;
  }
}

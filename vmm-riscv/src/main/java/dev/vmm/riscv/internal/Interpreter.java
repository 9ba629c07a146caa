package dev.vmm.riscv.internal;

import static dev.vmm.riscv.internal.Op.*;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.FunctionInterceptor;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.HartStop;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The {@link Hart}: a decode-once cache and a dispatch loop.
 *
 * <p>{@link #run(long)} alternates between {@link #execute(long)}, which runs guest code until
 * anything that needs the outside world, and the ecall handler. {@code execute} is the hot loop:
 * per instruction it checks the pc is still on the current decoded page, reads the packed word and
 * immediate, and switches on the op. Everything rare (atomics, CSRs, floating point, decoding)
 * lives in other methods so the loop stays small enough for the JIT to compile it well.
 */
public final class Interpreter implements Hart {
  private static final long NO_PAGE = 1; // never a page base: page bases are 4 KiB aligned

  private final HartMemory memory;
  private final EcallHandler ecalls;
  private final FunctionInterceptor interceptor;
  private final DecodeCache cache = new DecodeCache();
  private final Registers r = new Registers();
  private final Atomics atomics;
  private final Rounding rounding = new Rounding(r);
  private long pc;
  private long instret;

  // Ecall state: set while the handler (or the interceptor) runs.
  private boolean inEcall;
  private boolean intercepted;
  private boolean halted;
  private long haltStatus;
  private boolean pcRedirected;

  /**
   * Creates a hart with all registers zero.
   *
   * @param memory the memory port
   * @param ecalls the ecall handler
   * @param interceptor serves the intercepted function entries
   */
  public Interpreter(HartMemory memory, EcallHandler ecalls, FunctionInterceptor interceptor) {
    this.memory = memory;
    this.ecalls = ecalls;
    this.interceptor = interceptor;
    this.atomics = new Atomics(memory, r.x);
  }

  @Override
  public HartStop run(long maxInstructions) {
    if (maxInstructions <= 0) {
      throw new IllegalArgumentException("maxInstructions must be positive, was " + maxInstructions);
    }
    long start = instret;
    while (true) {
      HartStop stop = execute(maxInstructions - (instret - start));
      if (stop != null) {
        return stop;
      }
      // execute stopped at an ecall or an intercepted entry with pc on it; the handler runs
      // outside the loop's fault handling: only a memory violation it reports stops the hart.
      long ecallPc = pc;
      boolean call = intercepted;
      intercepted = false;
      inEcall = true;
      halted = false;
      pcRedirected = false;
      try {
        if (call) {
          interceptor.onCall(this);
        } else {
          ecalls.onEcall(this);
        }
      } catch (MemoryViolationException e) {
        pc = ecallPc;
        return new HartStop.MemoryFault(ecallPc, e);
      } finally {
        inEcall = false;
      }
      instret++;
      if (halted) {
        return new HartStop.Halted(ecallPc, haltStatus);
      }
      if (!pcRedirected) {
        pc = call ? r.x[1] & ~1L : ecallPc + 4; // an intercepted function returns to ra
      }
      if (instret - start >= maxInstructions) {
        return new HartStop.BudgetExhausted(pc, instret - start);
      }
    }
  }

  /**
   * Runs until an ecall or an intercepted entry (returns {@code null} with {@link #pc} on it, and
   * {@link #intercepted} telling which), or any other stop. A
   * RuntimeException from the memory port during an instruction stops the hart at that
   * instruction, which has then changed nothing.
   */
  private HartStop execute(long budget) {
    final long[] x = r.x;
    final HartMemory mem = memory;
    long pc = this.pc;
    long executed = 0;
    DecodedPage page = null;
    long pageBase = NO_PAGE;
    try {
      while (executed < budget) {
        if ((pc & ~DecodedPage.OFFSET_MASK) != pageBase) {
          page = cache.page(pc);
          pageBase = page.base;
        }
        int slot = DecodedPage.slot(pc);
        int w = page.words[slot];
        if (w == 0) {
          w = decode(page, pc);
        }
        int imm = page.imms[slot];
        int rd = Packed.rd(w);
        int rs1 = Packed.rs1(w);
        int rs2 = Packed.rs2(w);
        long next = pc + Packed.length(w);
        switch (Packed.op(w)) {
          case LUI -> x[rd] = imm;
          case AUIPC -> x[rd] = pc + imm;
          case JAL -> {
            x[rd] = next;
            next = pc + imm;
          }
          case JALR -> {
            long target = (x[rs1] + imm) & ~1L;
            x[rd] = next;
            next = target;
          }
          case BEQ -> next = x[rs1] == x[rs2] ? pc + imm : next;
          case BNE -> next = x[rs1] != x[rs2] ? pc + imm : next;
          case BLT -> next = x[rs1] < x[rs2] ? pc + imm : next;
          case BGE -> next = x[rs1] >= x[rs2] ? pc + imm : next;
          case BLTU -> next = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? pc + imm : next;
          case BGEU -> next = Long.compareUnsigned(x[rs1], x[rs2]) >= 0 ? pc + imm : next;
          case LB -> x[rd] = mem.load8(x[rs1] + imm);
          case LH -> x[rd] = mem.load16(x[rs1] + imm);
          case LW -> x[rd] = mem.load32(x[rs1] + imm);
          case LD -> x[rd] = mem.load64(x[rs1] + imm);
          case LBU -> x[rd] = mem.load8(x[rs1] + imm) & 0xFFL;
          case LHU -> x[rd] = mem.load16(x[rs1] + imm) & 0xFFFFL;
          case LWU -> x[rd] = mem.load32(x[rs1] + imm) & 0xFFFF_FFFFL;
          case SB -> atomics.store8(x[rs1] + imm, (int) x[rs2]);
          case SH -> atomics.store16(x[rs1] + imm, (int) x[rs2]);
          case SW -> atomics.store32(x[rs1] + imm, (int) x[rs2]);
          case SD -> atomics.store64(x[rs1] + imm, x[rs2]);
          case ADDI -> x[rd] = x[rs1] + imm;
          case SLTI -> x[rd] = x[rs1] < imm ? 1 : 0;
          case SLTIU -> x[rd] = Long.compareUnsigned(x[rs1], imm) < 0 ? 1 : 0;
          case XORI -> x[rd] = x[rs1] ^ imm;
          case ORI -> x[rd] = x[rs1] | imm;
          case ANDI -> x[rd] = x[rs1] & imm;
          case SLLI -> x[rd] = x[rs1] << imm;
          case SRLI -> x[rd] = x[rs1] >>> imm;
          case SRAI -> x[rd] = x[rs1] >> imm;
          case ADD -> x[rd] = x[rs1] + x[rs2];
          case SUB -> x[rd] = x[rs1] - x[rs2];
          case SLL -> x[rd] = x[rs1] << x[rs2]; // Java masks a long shift to 6 bits, as RV64 does
          case SLT -> x[rd] = x[rs1] < x[rs2] ? 1 : 0;
          case SLTU -> x[rd] = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? 1 : 0;
          case XOR -> x[rd] = x[rs1] ^ x[rs2];
          case SRL -> x[rd] = x[rs1] >>> x[rs2];
          case SRA -> x[rd] = x[rs1] >> x[rs2];
          case OR -> x[rd] = x[rs1] | x[rs2];
          case AND -> x[rd] = x[rs1] & x[rs2];
          case ADDIW -> x[rd] = (int) (x[rs1] + imm);
          case SLLIW -> x[rd] = (int) x[rs1] << imm;
          case SRLIW -> x[rd] = (int) x[rs1] >>> imm;
          case SRAIW -> x[rd] = (int) x[rs1] >> imm;
          case ADDW -> x[rd] = (int) (x[rs1] + x[rs2]);
          case SUBW -> x[rd] = (int) (x[rs1] - x[rs2]);
          case SLLW -> x[rd] = (int) x[rs1] << x[rs2]; // and an int shift to 5 bits, as *W do
          case SRLW -> x[rd] = (int) x[rs1] >>> x[rs2];
          case SRAW -> x[rd] = (int) x[rs1] >> x[rs2];
          case MUL -> x[rd] = x[rs1] * x[rs2];
          case MULH -> x[rd] = Math.multiplyHigh(x[rs1], x[rs2]);
          case MULHSU -> x[rd] = IntegerMath.mulhsu(x[rs1], x[rs2]);
          case MULHU -> x[rd] = Math.unsignedMultiplyHigh(x[rs1], x[rs2]);
          case DIV -> x[rd] = IntegerMath.div(x[rs1], x[rs2]);
          case DIVU -> x[rd] = IntegerMath.divu(x[rs1], x[rs2]);
          case REM -> x[rd] = IntegerMath.rem(x[rs1], x[rs2]);
          case REMU -> x[rd] = IntegerMath.remu(x[rs1], x[rs2]);
          case MULW -> x[rd] = (int) x[rs1] * (int) x[rs2];
          case DIVW -> x[rd] = IntegerMath.divw(x[rs1], x[rs2]);
          case DIVUW -> x[rd] = IntegerMath.divuw(x[rs1], x[rs2]);
          case REMW -> x[rd] = IntegerMath.remw(x[rs1], x[rs2]);
          case REMUW -> x[rd] = IntegerMath.remuw(x[rs1], x[rs2]);
          case FLW -> r.f[rd] = FloatBits.box(mem.load32(x[rs1] + imm));
          case FLD -> r.f[rd] = mem.load64(x[rs1] + imm);
          case FSW -> atomics.store32(x[rs1] + imm, (int) r.f[rs2]);
          case FSD -> atomics.store64(x[rs1] + imm, r.f[rs2]);
          case FENCE -> VarHandle.fullFence(); // harts on other threads must see the order
          case FENCE_I -> {
            // Code may have been written: decode afresh from here on.
            cache.clear();
            pageBase = NO_PAGE;
          }
          case ECALL -> {
            this.pc = pc;
            instret += executed;
            return null;
          }
          case INTERCEPT -> {
            this.pc = pc;
            instret += executed;
            intercepted = true;
            return null;
          }
          case EBREAK -> {
            return stopAt(pc, executed, new HartStop.Breakpoint(pc));
          }
          case CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI -> x[rd] = csr(w, imm, executed);
          case ILLEGAL -> {
            return stopAt(pc, executed, illegal(pc, w, imm));
          }
          default -> {
            if (Op.isFloatUnit(Packed.op(w))) {
              if (!FloatUnit.execute(r, rounding, w, imm)) {
                return stopAt(pc, executed, new HartStop.IllegalInstruction(
                    pc, mem.fetch16(pc) & 0xFFFF | mem.fetch16(pc + 2) << 16, 4,
                    Op.mnemonic(Packed.op(w)) + " (dynamic rounding mode, frm=" + r.frm + ")"));
              }
            } else {
              atomics.execute(w);
            }
          }
        }
        pc = next;
        executed++;
      }
      return stopAt(pc, executed, new HartStop.BudgetExhausted(pc, executed));
    } catch (RuntimeException e) {
      return stopAt(pc, executed, new HartStop.MemoryFault(pc, e));
    }
  }

  /** Decodes the instruction at {@code pc}, or marks an intercepted function entry. */
  private int decode(DecodedPage page, long pc) {
    if (interceptor.intercepts(pc)) {
      int slot = DecodedPage.slot(pc);
      long packed = Packed.pack(INTERCEPT, 0, 0, 0, 0, false, 0);
      page.imms[slot] = Packed.imm(packed);
      page.words[slot] = Packed.word(packed);
      return page.words[slot];
    }
    return DecodeCache.decodeInto(page, pc, memory);
  }

  private HartStop stopAt(long pc, long executed, HartStop stop) {
    this.pc = pc;
    instret += executed;
    return stop;
  }

  private static HartStop illegal(long pc, int w, int bits) {
    int recognised = Packed.recognised(w);
    String mnemonic = recognised == ILLEGAL ? "illegal" : Op.mnemonic(recognised);
    if (recognised >= CSRRW && recognised <= CSRRCI) {
      mnemonic += String.format(" (csr 0x%03x not available to user mode here)", bits >>> 20);
    } else if (recognised != ILLEGAL) {
      mnemonic += " (reserved rounding mode " + (bits >>> 12 & 7) + ")";
    }
    return new HartStop.IllegalInstruction(pc, bits, Packed.length(w), mnemonic);
  }

  private long csr(int w, int csr, long executed) {
    int op = Packed.op(w);
    int rs1 = Packed.rs1(w);
    long old = switch (csr) {
      case Csr.FFLAGS -> r.fflags;
      case Csr.FRM -> r.frm;
      case Csr.FCSR -> r.frm << 5 | r.fflags;
      case Csr.TIME -> System.nanoTime() / 100; // a 10 MHz timebase
      default -> instret + executed; // cycle and instret: one cycle per instruction
    };
    long operand = op >= CSRRWI ? rs1 : r.x[rs1];
    long updated = switch (op) {
      case CSRRW, CSRRWI -> operand;
      case CSRRS, CSRRSI -> old | operand;
      default -> old & ~operand;
    };
    boolean writes = op == CSRRW || op == CSRRWI || rs1 != 0;
    if (writes) { // the decoder let only writable CSRs through here
      switch (csr) {
        case Csr.FFLAGS -> r.fflags = (int) updated & 0x1F;
        case Csr.FRM -> r.frm = (int) updated & 7;
        default -> {
          r.frm = (int) (updated >>> 5) & 7;
          r.fflags = (int) updated & 0x1F;
        }
      }
    }
    return old;
  }

  @Override
  public void halt(long status) {
    if (!inEcall) {
      throw new IllegalStateException("halt is only allowed inside EcallHandler.onEcall");
    }
    halted = true;
    haltStatus = status;
  }

  @Override
  public long pc() {
    return pc;
  }

  @Override
  public void setPc(long pc) {
    if ((pc & 1) != 0) {
      throw new IllegalArgumentException("pc must be 2-byte aligned, was 0x" + Long.toHexString(pc));
    }
    this.pc = pc;
    pcRedirected = true;
  }

  @Override
  public long x(int register) {
    return r.x[Objects.checkIndex(register, 32)];
  }

  @Override
  public void setX(int register, long value) {
    if (Objects.checkIndex(register, 32) != 0) {
      r.x[register] = value;
    }
  }

  @Override
  public long f(int register) {
    return r.f[Objects.checkIndex(register, 32)];
  }

  @Override
  public void setF(int register, long bits) {
    r.f[Objects.checkIndex(register, 32)] = bits;
  }

  @Override
  public int fcsr() {
    return r.frm << 5 | r.fflags;
  }

  @Override
  public void setFcsr(int fcsr) {
    r.frm = fcsr >>> 5 & 7;
    r.fflags = fcsr & 0x1F;
  }

  @Override
  public long instructionsRetired() {
    return instret;
  }

  @Override
  public void invalidateDecodedCode() {
    cache.clear();
  }

  @Override
  public HartMemory memory() {
    return memory;
  }

  @Override
  public Hart sibling() {
    return new Interpreter(memory, ecalls, interceptor);
  }
}

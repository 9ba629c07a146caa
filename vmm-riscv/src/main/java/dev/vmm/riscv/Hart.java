package dev.vmm.riscv;

import dev.vmm.riscv.internal.Interpreter;
import java.util.Objects;

/**
 * One RV64GC hardware thread running user-mode guest code.
 *
 * <p>{@link #run(long)} executes instructions from {@link #pc()} until an {@link EcallHandler}
 * calls {@link #halt(long)}, the instruction budget runs out, or the guest does something the hart
 * cannot complete (an illegal instruction, {@code ebreak}, a refused memory access). It reports
 * which as a {@link HartStop} and never throws because of what the guest did. A
 * {@link dev.vmm.memory.MemoryViolationException} from the ecall handler or a
 * {@link FunctionInterceptor} is the guest's doing too, and stops the hart with a
 * {@link HartStop.MemoryFault}; any other exception from them is a host bug and propagates.
 *
 * <p><b>How it runs.</b> Each instruction is decoded once, the first time its address executes,
 * into a cache of pre-decoded pages; afterwards executing it costs a page check, two array reads
 * and one {@code switch}. No allocation happens per executed instruction, with two exceptions
 * that need an exact result Java's arithmetic cannot give cheaply: the double-precision fused
 * multiply-adds and double products in the subnormal range use {@code BigDecimal}. The cache follows
 * {@code fence.i}: a guest that writes code and then executes {@code fence.i} (as RISC-V requires
 * before running modified code) sees the new code. A host that changes guest code behind the
 * hart's back calls {@link #invalidateDecodedCode()}.
 *
 * <p><b>Threads.</b> A hart is confined to one thread at a time; it takes no locks. Several harts
 * may share one memory from several threads: AMOs and {@code sc} go through the port's
 * compare-and-swap (see {@link HartMemory}), and {@code fence} is a full JVM fence.
 *
 * <p>What the hart implements: RV64I, M, A, C, Zicsr (the {@code fflags}, {@code frm},
 * {@code fcsr}, {@code cycle}, {@code time} and {@code instret} CSRs), Zifencei, F and D.
 */
public interface Hart {
  /**
   * Creates a hart with every register zero, {@code pc} zero, and an empty decode cache.
   *
   * @param memory the port through which every fetch, load and store goes
   * @param ecalls serves the guest's {@code ecall}s
   * @return the new hart
   */
  static Hart create(HartMemory memory, EcallHandler ecalls) {
    return create(memory, ecalls, FunctionInterceptor.NONE);
  }

  /**
   * Creates a hart whose calls to some guest functions are served by the host.
   *
   * @param memory the port through which every fetch, load and store goes
   * @param ecalls serves the guest's {@code ecall}s
   * @param interceptor names the function entries it serves, and serves them
   * @return the new hart, every register zero
   */
  static Hart create(HartMemory memory, EcallHandler ecalls, FunctionInterceptor interceptor) {
    return new Interpreter(Objects.requireNonNull(memory, "memory"),
        Objects.requireNonNull(ecalls, "ecalls"),
        Objects.requireNonNull(interceptor, "interceptor"));
  }

  /**
   * Runs guest code from {@link #pc()}.
   *
   * @param maxInstructions how many instructions this call may retire at most; positive
   * @return why the run stopped
   * @throws IllegalArgumentException if {@code maxInstructions} is not positive
   */
  HartStop run(long maxInstructions);

  /**
   * Ends the current run from inside {@link EcallHandler#onEcall(Hart)}: {@link #run(long)}
   * returns {@link HartStop.Halted} with this status once the handler returns.
   *
   * @param status the status to report, for a Linux program its exit code
   * @throws IllegalStateException if called outside an ecall handler
   */
  void halt(long status);

  /**
   * Returns the program counter: the next instruction to run, or, inside an ecall handler, the
   * {@code ecall}.
   *
   * @return the pc
   */
  long pc();

  /**
   * Sets the program counter. Inside an ecall handler this redirects the guest: it continues at
   * {@code pc} instead of after the {@code ecall}.
   *
   * @param pc the new pc, 2-byte aligned
   * @throws IllegalArgumentException if {@code pc} is odd
   */
  void setPc(long pc);

  /**
   * Reads an integer register.
   *
   * @param register 0 to 31; {@code x0} always reads 0
   * @return the value
   * @throws IndexOutOfBoundsException if {@code register} is not 0 to 31
   */
  long x(int register);

  /**
   * Writes an integer register; writes to {@code x0} are ignored, as in hardware.
   *
   * @param register 0 to 31
   * @param value the value
   * @throws IndexOutOfBoundsException if {@code register} is not 0 to 31
   */
  void setX(int register, long value);

  /**
   * Reads the raw 64 bits of a floating-point register; a single-precision value sits in the low
   * 32 bits with the upper 32 bits all ones (NaN-boxed).
   *
   * @param register 0 to 31
   * @return the bits
   * @throws IndexOutOfBoundsException if {@code register} is not 0 to 31
   */
  long f(int register);

  /**
   * Writes the raw 64 bits of a floating-point register.
   *
   * @param register 0 to 31
   * @param bits the bits; box a single with {@code 0xFFFFFFFF_00000000L | bits}
   * @throws IndexOutOfBoundsException if {@code register} is not 0 to 31
   */
  void setF(int register, long bits);

  /**
   * Reads the floating-point control and status register: {@code frm} in bits 7..5, the
   * accrued exception flags {@code NV DZ OF UF NX} in bits 4..0.
   *
   * @return the fcsr
   */
  int fcsr();

  /**
   * Writes the floating-point control and status register; bits above 7 are ignored.
   *
   * @param fcsr the new value
   */
  void setFcsr(int fcsr);

  /**
   * Returns how many instructions this hart has retired since it was created.
   *
   * @return the count, as the {@code instret} CSR reads it
   */
  long instructionsRetired();

  /**
   * Forgets every decoded instruction, so the next execution of each address decodes what memory
   * holds then. Needed only when the host rewrites guest code that has already run.
   */
  void invalidateDecodedCode();

  /**
   * Returns the memory port this hart runs against.
   *
   * @return the port
   */
  HartMemory memory();

  /**
   * Creates a hart for another thread of the same program: the same memory port, ecall handler
   * and function interceptor, every register zero, its own empty decode cache.
   *
   * @return the new hart
   */
  Hart sibling();
}

package dev.vmm.riscv;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.Violation;
import java.util.Locale;
import java.util.Optional;

/**
 * Why {@link Hart#run(long)} returned. Every stop names the guest pc it happened at; a hart
 * stopped for any reason can be inspected, and run again after whatever the caller fixes.
 */
public sealed interface HartStop {
  /**
   * Returns the guest address of the instruction the hart stopped at: for {@link Halted} the
   * {@code ecall} that halted it, otherwise the instruction that did not complete (or, for
   * {@link BudgetExhausted}, the next one to run).
   *
   * @return the pc
   */
  long pc();

  /**
   * Returns a one-line human-readable account of the stop.
   *
   * @return the description
   */
  String describe();

  /**
   * The {@link EcallHandler} called {@link Hart#halt(long)}: the guest asked to end (for a Linux
   * program, {@code exit} or {@code exit_group}).
   *
   * @param pc the address of the {@code ecall}
   * @param status the value passed to {@code halt}, for a Linux program its exit code
   */
  record Halted(long pc, long status) implements HartStop {
    @Override
    public String describe() {
      return "halted with status " + status + " by the ecall at " + hex(pc);
    }
  }

  /**
   * The instruction at {@code pc} is not one this hart executes: reserved, not RV64GC, or an
   * extension or CSR not implemented yet. The hart state is as it was before the instruction.
   *
   * @param pc the address of the instruction
   * @param bits the raw instruction bits (16 significant bits for a compressed instruction)
   * @param length the instruction length in bytes, 2 or 4
   * @param mnemonic the decoded mnemonic of a recognised but unsupported instruction, with what
   *     was unsupported (for example {@code "csrrs (csr 0x7c0)"}), or {@code "illegal"}
   */
  record IllegalInstruction(long pc, int bits, int length, String mnemonic) implements HartStop {
    @Override
    public String describe() {
      String raw = length == 2
          ? String.format(Locale.ROOT, "0x%04x", bits & 0xFFFF)
          : String.format(Locale.ROOT, "0x%08x", bits);
      return "illegal instruction at " + hex(pc) + ": " + raw + " (" + mnemonic + ")";
    }
  }

  /**
   * The guest executed {@code ebreak} (or {@code c.ebreak}).
   *
   * @param pc the address of the {@code ebreak}
   */
  record Breakpoint(long pc) implements HartStop {
    @Override
    public String describe() {
      return "ebreak at " + hex(pc);
    }
  }

  /**
   * The memory port refused an access, either an instruction fetch or a load or store, or an
   * intercepted function (a {@code free}, say) or a system call found a memory violation. The
   * hart state is as it was before the instruction (an AMO's write never happened if its read
   * failed).
   *
   * @param pc the address of the instruction (for an intercepted function, its entry)
   * @param cause what the memory port threw, naming the access: a
   *     {@link MemoryViolationException} from tagged memory, an {@link InstructionFetchException}
   *     for a jump to memory that may not be executed
   */
  record MemoryFault(long pc, RuntimeException cause) implements HartStop {
    /**
     * Returns the typed report of tagged memory, if that is what refused the access.
     *
     * @return the violation, or empty for any other cause (an instruction fetch, a test port)
     */
    public Optional<Violation> violation() {
      return cause instanceof MemoryViolationException e
          ? Optional.of(e.violation()) : Optional.empty();
    }

    @Override
    public String describe() {
      return "memory fault at " + hex(pc) + ": "
          + (cause.getMessage() != null ? cause.getMessage() : cause.toString());
    }
  }

  /**
   * The run executed as many instructions as it was allowed; {@link Hart#run(long)} again
   * continues exactly where this left off.
   *
   * @param pc the address of the next instruction to run
   * @param executed how many instructions this run retired
   */
  record BudgetExhausted(long pc, long executed) implements HartStop {
    @Override
    public String describe() {
      return "stopped after " + executed + " instructions, next at " + hex(pc);
    }
  }

  /**
   * Every live thread of a multi-threaded program waits on a futex without a timeout, so none can
   * ever wake another: the program deadlocked. Only {@link LinuxSyscalls#run} reports this; on
   * Linux the process would hang forever.
   *
   * @param pc the {@code ecall} of the futex wait that completed the deadlock
   * @param threads how many threads wait
   */
  record Deadlocked(long pc, int threads) implements HartStop {
    @Override
    public String describe() {
      return "deadlock: all " + threads + " live threads wait on futexes no thread can wake;"
          + " the last began waiting at the ecall at " + hex(pc);
    }
  }

  private static String hex(long address) {
    return "0x" + Long.toHexString(address);
  }
}

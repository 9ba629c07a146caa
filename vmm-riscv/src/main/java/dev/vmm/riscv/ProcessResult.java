package dev.vmm.riscv;

import dev.vmm.memory.LeakReport;
import dev.vmm.riscv.internal.AsanText;
import java.util.List;
import java.util.Map;

/**
 * How a {@link LinuxProcess} run ended, with everything the memory checks found.
 *
 * @param outcome how it ended
 * @param exitCode the program's exit status (0..255) if it exited; otherwise what a shell would
 *     see: 1 after a memory violation (AddressSanitizer's default), 128 + the signal Linux would
 *     have sent for another fault (139 SIGSEGV for a jump to memory that may not be executed, 132
 *     SIGILL, 133 SIGTRAP), 124 when the instruction budget ran out (as {@code timeout} says)
 * @param stop the hart's last stop
 * @param violations the memory violations reported, in order; with
 *     {@link LinuxProcess.AfterViolation#HALT} at most one. At most the first
 *     {@value LinuxProcess#MAX_REPORTS} are kept
 * @param leaks the allocations live at exit that no reachable memory points to; empty unless the
 *     program exited
 * @param instructions the guest instructions retired by all the program's threads together
 * @param mallocRedirected whether the program's {@code malloc} family is served by the tagged
 *     allocator; false for a stripped program, which gets the region checks only
 * @param unknownSystemCalls the system calls the guest made that are not served (number to
 *     count); each returned {@code -ENOSYS}
 * @param symbols the program's symbols, as loaded, for describing addresses
 */
public record ProcessResult(
    Outcome outcome,
    int exitCode,
    HartStop stop,
    List<ViolationReport> violations,
    LeakReport leaks,
    long instructions,
    boolean mallocRedirected,
    Map<Long, Long> unknownSystemCalls,
    SymbolTable symbols) {

  /** How a run ended. */
  public enum Outcome {
    /** The program called {@code exit} or {@code exit_group}. */
    EXITED,
    /** The memory checks found a violation and the process halted on it. */
    MEMORY_VIOLATION,
    /** Another fault stopped it: a jump to non-executable memory, an illegal instruction. */
    FAULT,
    /** The instruction budget ran out. */
    OUT_OF_BUDGET
  }

  /**
   * Copies the collections.
   *
   * @throws NullPointerException if a component other than {@code stop} is null
   */
  public ProcessResult {
    violations = List.copyOf(violations);
    unknownSystemCalls = Map.copyOf(unknownSystemCalls);
  }

  /**
   * Describes everything the checks found, AddressSanitizer-style: every violation report, the
   * fault that stopped the program if there was one, and the leaks.
   *
   * @return the text, empty if the run was clean; each report ends with a newline
   */
  public String report() {
    return report(true);
  }

  /**
   * Describes what the checks found, like {@link #report()}, with or without the leaks.
   *
   * @param includeLeaks whether to describe the leaks too
   * @return the text, empty if there is nothing to describe; each report ends with a newline
   */
  public String report(boolean includeLeaks) {
    StringBuilder text = new StringBuilder();
    for (ViolationReport v : violations) {
      text.append(v.describe(symbols)).append('\n');
    }
    if (outcome == Outcome.FAULT) {
      text.append(AsanText.fault(stop, symbols)).append('\n');
    }
    String leakText = includeLeaks ? AsanText.leaks(leaks, symbols) : "";
    if (!leakText.isEmpty()) {
      text.append(leakText).append('\n');
    }
    return text.toString();
  }
}

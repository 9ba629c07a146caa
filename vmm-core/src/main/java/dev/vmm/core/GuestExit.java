package dev.vmm.core;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.Violation;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.ProcessResult;
import java.util.Objects;
import java.util.Optional;

/** Why a guest stopped. */
public sealed interface GuestExit {
  /**
   * Returns a one-line account for logs and introspection.
   *
   * @return the description
   */
  String describe();

  /**
   * The program ended itself ({@code exit}).
   *
   * @param status the exit status
   */
  record Exited(long status) implements GuestExit {
    @Override
    public String describe() {
      return "exited with status " + status;
    }
  }

  /**
   * The program did something its hart could not complete: an illegal instruction, a breakpoint,
   * a memory violation.
   *
   * @param stop the hart's report
   */
  record Faulted(HartStop stop) implements GuestExit {
    /**
     * Returns the memory violation behind the fault, if that is what it was.
     *
     * @return the violation report, or empty
     */
    public Optional<Violation> violation() {
      return stop instanceof HartStop.MemoryFault fault
          && fault.cause() instanceof MemoryViolationException violation
          ? Optional.of(violation.violation()) : Optional.empty();
    }

    @Override
    public String describe() {
      return "faulted: " + stop.describe();
    }
  }

  /**
   * The guest's Linux program ({@link GuestProgram.Linux}) ended: it exited, the memory checks
   * halted it on a violation, another fault stopped it, or its instruction budget ran out.
   *
   * @param result the outcome, exit code, violation reports (AddressSanitizer-style with
   *     {@link ProcessResult#report()}) and leaks
   */
  record ProcessEnded(ProcessResult result) implements GuestExit {
    /**
     * Checks the result.
     *
     * @throws NullPointerException if {@code result} is null
     */
    public ProcessEnded {
      Objects.requireNonNull(result, "result");
    }

    /**
     * Returns the program's exit code as a shell would see it (see
     * {@link ProcessResult#exitCode()}).
     *
     * @return the code
     */
    public int exitCode() {
      return result.exitCode();
    }

    @Override
    public String describe() {
      return switch (result.outcome()) {
        case EXITED -> "exited with status " + result.exitCode();
        case MEMORY_VIOLATION -> "halted on a memory violation: "
            + result.violations().getFirst().violation().kind();
        case FAULT -> "faulted: " + result.stop().describe();
        case OUT_OF_BUDGET -> "ran out of its instruction budget";
      } + " after " + result.instructions() + " instructions";
    }
  }

  /** The host stopped or destroyed the guest. */
  record StoppedByHost() implements GuestExit {
    @Override
    public String describe() {
      return "stopped by the host";
    }
  }

  /**
   * The guest kernel failed: an exception escaped a system-call layer or an extension's start.
   * A host bug, not a guest one; only this guest stops.
   *
   * @param cause what was thrown
   */
  record KernelFailed(Throwable cause) implements GuestExit {
    @Override
    public String describe() {
      return "guest kernel failed: " + cause;
    }
  }
}

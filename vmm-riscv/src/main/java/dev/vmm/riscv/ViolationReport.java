package dev.vmm.riscv;

import dev.vmm.memory.Violation;
import dev.vmm.riscv.internal.AsanText;
import java.util.Objects;

/**
 * One memory error of a guest program: the tagged memory's {@link Violation} and the pc of the
 * guest instruction that made it (for a redirected {@code free} or {@code realloc}, the entry of
 * that function; its caller is the violation's {@link Violation#site()}; for a system call, the
 * {@code ecall}).
 *
 * @param pc the guest pc
 * @param violation the memory's report
 */
public record ViolationReport(long pc, Violation violation) {
  /**
   * Checks the fields.
   *
   * @throws NullPointerException if violation is null
   */
  public ViolationReport {
    Objects.requireNonNull(violation, "violation");
  }

  /**
   * Describes the error as AddressSanitizer would: the kind, the access, the pc and the
   * allocation with its allocation and free sites, each address as {@code function+0xoffset}.
   *
   * @param symbols the program's symbols
   * @return the report, several lines, no trailing newline
   */
  public String describe(SymbolTable symbols) {
    return AsanText.violation(this, symbols);
  }
}

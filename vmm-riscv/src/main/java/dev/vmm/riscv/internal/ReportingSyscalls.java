package dev.vmm.riscv.internal;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.Violation;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.ViolationReport;
import java.util.List;

/**
 * System calls whose pointer arguments are checked like loads and stores: when the tagged memory
 * refused a pointer, the call answers {@code -EFAULT} as Linux does, and the violation is
 * reported with the {@code ecall}'s pc. When the process halts on violations, the hart then
 * stops at the {@code ecall} with that violation.
 */
public final class ReportingSyscalls implements EcallHandler {
  private static final long EFAULT = -14;

  private final EcallHandler syscalls;
  private final ViolationPolicy policy;
  private final boolean halt;
  private final List<ViolationReport> reports;

  /**
   * Wraps a system-call layer.
   *
   * @param syscalls the layer, which answers {@code -EFAULT} for a refused pointer
   * @param policy the memory's violation handler, which remembers the refusal
   * @param halt whether a violation stops the process
   * @param reports where a violation is reported when the process continues
   */
  public ReportingSyscalls(EcallHandler syscalls, ViolationPolicy policy, boolean halt,
      List<ViolationReport> reports) {
    this.syscalls = syscalls;
    this.policy = policy;
    this.halt = halt;
    this.reports = reports;
  }

  @Override
  public void onEcall(Hart hart) {
    policy.takeLatest();
    syscalls.onEcall(hart);
    Violation refused = policy.takeLatest();
    if (refused == null || hart.x(10) != EFAULT) {
      return;
    }
    if (halt) {
      throw new MemoryViolationException(refused);
    }
    reports.add(new ViolationReport(hart.pc(), refused));
  }
}

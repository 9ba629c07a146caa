package dev.vmm.core.internal;

import dev.vmm.core.GuestExit;
import dev.vmm.riscv.LinuxMachine;

/** A Linux program with its threads, on vmm-riscv's {@link LinuxMachine}. */
record LinuxCpu(LinuxMachine machine) implements GuestCpu {
  @Override
  public GuestExit runSlice(long instructions) {
    return machine.runSlice(instructions) ? null : new GuestExit.ProcessEnded(machine.result());
  }

  @Override
  public void stop() {
    machine.stop();
  }
}

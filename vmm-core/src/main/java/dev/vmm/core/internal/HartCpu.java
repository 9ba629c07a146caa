package dev.vmm.core.internal;

import dev.vmm.core.GuestExit;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;

/** A single hart running raw machine code: it stops at the end of its slice, nothing to end. */
record HartCpu(Hart hart) implements GuestCpu {
  @Override
  public GuestExit runSlice(long instructions) {
    HartStop stop = hart.run(instructions);
    return switch (stop) {
      case HartStop.BudgetExhausted _ -> null;
      case HartStop.Halted halted -> new GuestExit.Exited(halted.status());
      default -> new GuestExit.Faulted(stop);
    };
  }

  @Override
  public void stop() {
    // The loop ends the hart between two slices; it has no other threads.
  }
}

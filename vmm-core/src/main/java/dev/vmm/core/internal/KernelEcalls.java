package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.Hart;

/** The guest kernel's ecall entry: hypercall numbers to the dispatcher, the rest to Linux. */
final class KernelEcalls implements EcallHandler {
  private static final int A0 = 10;
  private static final int A7 = 17;

  private final HypercallDispatcher dispatcher;
  private final Guest guest;
  private final EcallHandler linux;

  KernelEcalls(HypercallDispatcher dispatcher, Guest guest, EcallHandler linux) {
    this.dispatcher = dispatcher;
    this.guest = guest;
    this.linux = linux;
  }

  @Override
  public void onEcall(Hart hart) {
    long number = hart.x(A7);
    if (HypercallAbi.isHypercall(number)) {
      hart.setX(A0, dispatcher.dispatch(guest, number, hart.x(A0), hart.x(A0 + 1),
          hart.x(A0 + 2), hart.x(A0 + 3), hart.x(A0 + 4), hart.x(A0 + 5)));
    } else {
      linux.onEcall(hart);
    }
  }
}

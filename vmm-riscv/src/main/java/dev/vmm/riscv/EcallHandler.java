package dev.vmm.riscv;

/**
 * Serves the guest's {@code ecall}s: in user mode, its system calls.
 *
 * <p>When the guest executes {@code ecall} the hart calls {@link #onEcall(Hart)} with
 * {@link Hart#pc()} at the {@code ecall} itself. The handler reads its arguments from the
 * registers ({@code a7} = {@code x17} is the Linux system call number, {@code a0..a5} =
 * {@code x10..x15} the arguments), writes results back, and either returns, after which the hart
 * continues with the instruction after the {@code ecall} (or where {@link Hart#setPc(long)} sent
 * it, if the handler called that), or calls {@link Hart#halt(long)} to end the run.
 *
 * <p>A {@link dev.vmm.memory.MemoryViolationException} thrown by the handler stops the hart with
 * a {@link HartStop.MemoryFault} at the {@code ecall}: the guest passed a bad pointer and the host
 * chose to halt it. Any other exception is a host bug, not a guest one: it propagates out of
 * {@link Hart#run(long)} with the hart stopped at the {@code ecall}.
 */
@FunctionalInterface
public interface EcallHandler {
  /**
   * Serves one {@code ecall}.
   *
   * @param hart the hart that executed it, to read and write registers and halt
   */
  void onEcall(Hart hart);
}

package dev.vmm.riscv;

/**
 * Decides what a hart's stop means to its program when {@link LinuxSyscalls#run} drives the
 * program's harts and the stop is neither an exit nor the end of a slice: a memory fault, an
 * illegal instruction, a breakpoint. {@link #END_PROGRAM} ends the whole program with the stop,
 * as Linux ends a process on {@code SIGSEGV}; a host that reports violations and goes on returns
 * {@code null} instead, after doing whatever the hart needs to continue (for example running it
 * over the faulting instruction).
 *
 * <p>Called on the stopped hart's own thread; the harts of one program may call it concurrently.
 */
@FunctionalInterface
public interface HartStopHandler {
  /** Ends the program with the stop. */
  HartStopHandler END_PROGRAM = (hart, stop) -> stop;

  /**
   * Handles a stop.
   *
   * @param hart the hart that stopped; the handler may run it further
   * @param stop why it stopped
   * @return {@code null} to run the hart on; {@link HartStop.Halted} if its thread exited while
   *     the handler ran it; otherwise the stop that ends the program
   */
  HartStop onStop(Hart hart, HartStop stop);
}

package dev.vmm.riscv;

import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.internal.GuestThreads;
import dev.vmm.riscv.internal.LinuxRun;

/**
 * A {@link LinuxProcess}'s program loaded into a memory the host owns and driven by the host in
 * slices, so that a hypervisor can pause, resume and stop it between two slices and serve some
 * {@code ecall}s itself before the Linux system calls. {@link LinuxProcess#run()} is this, run to
 * the end in a memory of its own.
 *
 * <pre>{@code
 * LinuxProcess process = LinuxProcess.builder(Path.of("prog")).build();
 * try (GuestMemory memory = process.newMemory()) {
 *   LinuxMachine machine = process.start(memory, linux -> myCalls.before(linux));
 *   while (machine.runSlice(1 << 16)) {
 *     // between slices no hart of the program runs: pause here, or machine.stop()
 *   }
 *   ProcessResult result = machine.result();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> The main thread's hart runs on the thread that calls {@link #runSlice}; the
 * program's other threads run on Java threads of their own while a slice is in progress, and
 * each parks at its next slice boundary ({@value GuestThreads#SLICE} instructions at most) once
 * the slice has returned. {@link #stop()} may be called from any thread.
 */
public final class LinuxMachine {
  private final LinuxRun run;
  private final GuestMemory memory;
  private final LinuxRun.Started started;
  private final GuestThreads threads;
  private final Object lock = new Object();
  private boolean finished; // under lock
  private ProcessResult result; // under lock
  private RuntimeException hostFailure; // under lock

  LinuxMachine(LinuxRun run, GuestMemory memory, LinuxRun.Started started) {
    this.run = run;
    this.memory = memory;
    this.started = started;
    this.threads = started.linux().threads();
    threads.begin(started.hart(), run.instructionBudget(), started.stopHandler());
  }

  /**
   * Runs the program for about {@code instructions} more instructions (the main thread's; once
   * it has exited, all threads' together), unless it ends first.
   *
   * @param instructions how many, positive
   * @return true while the program still runs; false once it has ended, every thread has
   *     stopped and its files are closed ({@link #result()} says how)
   * @throws IllegalArgumentException if {@code instructions} is not positive
   * @throws IllegalStateException if an ecall handler threw (a host bug, not a guest one)
   */
  public boolean runSlice(long instructions) {
    if (instructions <= 0) {
      throw new IllegalArgumentException("instructions must be positive: " + instructions);
    }
    HartStop end = threads.end() != null ? threads.end()
        : threads.runSlice(started.hart(), instructions);
    if (end == null) {
      return true;
    }
    finish(end);
    return false;
  }

  /**
   * Ends the program from any thread: its harts stop at their next slice boundary or system
   * call, waiting ones are woken, and every thread has stopped and every file is closed when
   * this returns, except a main thread inside {@link #runSlice} (that call returns false soon).
   * The result then reads as the instruction budget running out. Does nothing once the program
   * has ended.
   */
  public void stop() {
    threads.stop();
    synchronized (lock) {
      if (!finished) {
        RuntimeException failure = threads.finish(started.hart());
        hostFailure = hostFailure == null ? failure : hostFailure;
        started.linux().closeFiles();
      }
    }
  }

  /**
   * Returns how the program ended, with its reports and leaks.
   *
   * @return the result
   * @throws IllegalStateException if {@link #runSlice} has not returned false yet
   */
  public ProcessResult result() {
    synchronized (lock) {
      if (result == null) {
        throw new IllegalStateException("the program has not ended: run it until runSlice"
            + " returns false");
      }
      return result;
    }
  }

  private void finish(HartStop end) {
    RuntimeException failure;
    synchronized (lock) {
      if (!finished) {
        finished = true;
        RuntimeException joined = threads.finish(started.hart());
        hostFailure = hostFailure == null ? joined : hostFailure;
        started.linux().closeFiles();
        result = run.result(memory, started, end);
      }
      failure = hostFailure;
    }
    if (failure != null) {
      throw new IllegalStateException("the ecall handler failed on a guest thread", failure);
    }
  }
}

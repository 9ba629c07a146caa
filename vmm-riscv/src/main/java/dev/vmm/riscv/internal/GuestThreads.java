package dev.vmm.riscv.internal;

import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.HartStopHandler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads of one guest process: each a {@link Hart} on a Java platform thread of its own,
 * all sharing the memory and the system-call layer, and how the process ends.
 *
 * <p><b>Ending.</b> The process ends once: at {@code exit_group}, at the {@code exit} of its last
 * thread, at the first hart that stops for any reason but an exit (an illegal instruction or a
 * memory fault kills a Linux process too), or when the harts together have retired the
 * instruction budget. Then every hart stops: a running one at the end of its current slice of
 * {@value #SLICE} instructions or at its next system call, a waiting one because its futex wait
 * is ended ({@link FutexTable#close()}). Harts run in slices so that nothing needs to reach
 * into the interpreter's loop to stop it.
 *
 * <p>A program whose live threads all wait on futexes without a timeout can never go on; the
 * {@link FutexTable} sees it and the process ends as {@link HartStop.Deadlocked}.
 *
 * <p><b>Slices.</b> A host that must pause and resume the program drives it with
 * {@link #begin}, {@link #runSlice} and {@link #finish} instead of {@link #run}: the main hart
 * runs on the caller's thread for the slice's instructions, and the other harts run only while a
 * slice is in progress (each parks at its next slice boundary in between), so a program the host
 * does not drive does not run. {@link #stop()} ends it from any thread.
 *
 * <p>Thread ids: the first hart the layer sees is the main thread, id 1 (the process id, as on
 * Linux); clones count up from 2.
 */
public final class GuestThreads implements FutexTable.DeadlockWatch {
  /** How many instructions a hart runs between looks at whether the process has ended. */
  public static final int SLICE = 1 << 20;

  private static final class GuestThread {
    final int tid;
    volatile long clearChildTid;

    GuestThread(int tid) {
      this.tid = tid;
    }
  }

  private final FutexTable futexes;
  private final Object lock = new Object();
  private final Map<Hart, GuestThread> threads = new IdentityHashMap<>(); // under lock
  private final List<Thread> javaThreads = new ArrayList<>(); // under lock
  private final AtomicLong retired = new AtomicLong();
  private int nextTid = 1; // under lock
  private int live; // under lock
  private volatile HartStop end;
  private volatile RuntimeException hostFailure;
  private volatile long budget = Long.MAX_VALUE;
  private volatile HartStopHandler stopHandler = HartStopHandler.END_PROGRAM;
  private final SliceGate gate = new SliceGate();
  private boolean mainExited; // sliced, on the driving thread: the main thread called exit
  private volatile boolean driverWaiting; // the others wake the driving thread per slice

  /**
   * Creates the thread table of a process that has not started.
   *
   * @param futexes the process's futexes, closed when it ends
   */
  public GuestThreads(FutexTable futexes) {
    this.futexes = futexes;
    futexes.watchForDeadlocks(this);
  }

  @Override
  public int liveThreads() {
    synchronized (lock) {
      return live;
    }
  }

  @Override
  public void deadlocked(long pc, int waiting) {
    end(new HartStop.Deadlocked(pc, waiting));
  }

  /**
   * Returns a hart's thread id, making a hart the layer has not seen a thread of the process.
   *
   * @param hart the hart
   * @return its id
   */
  public int tid(Hart hart) {
    return thread(hart).tid;
  }

  /**
   * {@code set_tid_address}: where the thread's id is cleared, and a futex woken, at its exit.
   *
   * @param hart the calling hart
   * @param address the guest address, or 0 for none
   * @return the thread id
   */
  public long setClearChildTid(Hart hart, long address) {
    GuestThread thread = thread(hart);
    thread.clearChildTid = address;
    return thread.tid;
  }

  /**
   * Starts a thread: a new hart with the parent's registers, returning 0 in {@code a0} to the
   * child, on {@code stack} and, if asked, with {@code tp} set to {@code tls}.
   *
   * @param parent the cloning hart, inside its {@code ecall}; the child is its
   *     {@link Hart#sibling()}, so it has the same ecall handler and function interceptor
   * @param guest the guest's memory
   * @param request what {@code clone} asked for
   * @return the child's thread id
   */
  public long start(Hart parent, GuestAccess guest, CloneRequest request) {
    thread(parent); // the main thread counts as live before its first child
    Hart child = parent.sibling();
    for (int i = 1; i < 32; i++) {
      child.setX(i, parent.x(i));
      child.setF(i, parent.f(i));
    }
    child.setF(0, parent.f(0));
    child.setFcsr(parent.fcsr());
    child.setX(10, 0);
    if (request.stack() != 0) {
      child.setX(2, request.stack());
    }
    if (request.setTls()) {
      child.setX(4, request.tls());
    }
    child.setPc(parent.pc() + 4);
    int tid;
    synchronized (lock) {
      if (end != null) {
        return -Errno.EINTR;
      }
      tid = ++nextTid;
    }
    if (request.parentTid() != 0) {
      guest.store32(request.parentTid(), tid);
    }
    if (request.childTid() != 0) {
      guest.store32(request.childTid(), tid);
    }
    GuestThread thread = new GuestThread(tid);
    thread.clearChildTid = request.clearChildTid();
    Thread javaThread = Thread.ofPlatform().name("vmm-hart-" + tid).daemon()
        .unstarted(() -> runChild(child));
    synchronized (lock) {
      threads.put(child, thread);
      live++;
      javaThreads.add(javaThread);
    }
    javaThread.start();
    return tid;
  }

  /**
   * {@code exit}: ends the calling thread. Its {@code clear_child_tid} word is zeroed and one
   * waiter on it woken (that is how {@code pthread_join} learns of it); the last thread's exit
   * ends the process with its status.
   *
   * @param hart the exiting hart, inside its {@code ecall}
   * @param guest the guest's memory
   * @param status the exit status
   */
  public void exitThread(Hart hart, GuestAccess guest, long status) {
    GuestThread thread = thread(hart);
    long clear = thread.clearChildTid;
    if (clear != 0) {
      try {
        guest.store32(clear, 0);
        futexes.wake(clear, 1, FutexTable.MATCH_ANY);
      } catch (GuestAccess.BadAddress e) {
        // Linux ignores an unwritable clear_child_tid at exit too: the thread still exits.
      }
    }
    boolean last;
    synchronized (lock) {
      threads.remove(hart);
      last = --live == 0;
    }
    if (last) {
      end(new HartStop.Halted(hart.pc(), status & 0xFF));
    } else {
      futexes.threadExited(hart.pc());
    }
    hart.halt(status & 0xFF);
  }

  /**
   * {@code exit_group}: ends the process with {@code status}.
   *
   * @param hart the calling hart, inside its {@code ecall}
   * @param status the exit status
   */
  public void exitGroup(Hart hart, long status) {
    end(new HartStop.Halted(hart.pc(), status & 0xFF));
    hart.halt(status & 0xFF);
  }

  /**
   * Returns how the process ended.
   *
   * @return the end, or null while it runs
   */
  public HartStop end() {
    return end;
  }

  /**
   * The status a hart halts with once the process has ended: the exit status, or 0 if the
   * process ended in a fault (the fault is what {@link #run} reports).
   *
   * @return the status
   */
  public long endStatus() {
    return end instanceof HartStop.Halted halted ? halted.status() : 0;
  }

  /**
   * Runs a process whose main thread is {@code main} until it ends, then stops and joins every
   * thread it started.
   *
   * @param main the main thread's hart, ready to run
   * @param maxInstructions how many instructions all harts together may retire
   * @param stopHandler what a hart's fault, illegal instruction or breakpoint means
   * @return how the process ended: {@link HartStop.Halted} with the exit status, the first other
   *     stop of any hart, {@link HartStop.Deadlocked}, or {@link HartStop.BudgetExhausted} with
   *     the total retired
   * @throws IllegalStateException if the ecall handler threw on another thread (a host bug)
   */
  public HartStop run(Hart main, long maxInstructions, HartStopHandler stopHandler) {
    begin(main, maxInstructions, stopHandler);
    try {
      runHart(main, Long.MAX_VALUE);
      awaitEnd(Long.MAX_VALUE);
    } finally {
      RuntimeException failure = finish(main);
      if (failure != null) {
        throw new IllegalStateException("the ecall handler failed on a guest thread", failure);
      }
    }
    return end;
  }

  /**
   * Prepares a sliced run: the process has started, and nothing runs until {@link #runSlice}.
   *
   * @param main the main thread's hart, ready to run
   * @param maxInstructions how many instructions all harts together may retire
   * @param stopHandler what a hart's fault, illegal instruction or breakpoint means
   * @throws IllegalArgumentException if {@code maxInstructions} is not positive
   */
  public void begin(Hart main, long maxInstructions, HartStopHandler stopHandler) {
    if (maxInstructions <= 0) {
      throw new IllegalArgumentException(
          "maxInstructions must be positive, was " + maxInstructions);
    }
    budget = maxInstructions;
    this.stopHandler = stopHandler;
    thread(main);
  }

  /**
   * Runs the process for about {@code instructions} more instructions: the main hart on this
   * thread, the others on theirs; once the main thread has exited, waits until the others have
   * retired that many or the process ends. The other harts park when this returns.
   *
   * @param main the main thread's hart, as given to {@link #begin}
   * @param instructions how many, positive
   * @return how the process ended, or null while it runs
   */
  public HartStop runSlice(Hart main, long instructions) {
    gate.open();
    try {
      if (!mainExited) {
        mainExited = runHart(main, instructions);
      }
      if (mainExited) {
        long now = retired.get();
        awaitEnd(instructions > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + instructions);
      }
      return end;
    } finally {
      gate.close();
    }
  }

  /**
   * Returns the instructions every hart of the process has retired so far, together.
   *
   * @return the total
   */
  public long retired() {
    return retired.get();
  }

  /**
   * Ends the process now, from any thread: the harts stop at their next slice boundary or
   * system call, and a waiting one is woken. The end reads as the budget running out.
   */
  public void stop() {
    end(new HartStop.BudgetExhausted(0, retired.get()));
  }

  /**
   * Ends the process if nothing has, and joins every thread it started. Idempotent.
   *
   * @param main the main thread's hart
   * @return the exception an ecall handler threw on another thread (a host bug), or null
   */
  public RuntimeException finish(Hart main) {
    end(new HartStop.BudgetExhausted(main.pc(), retired.get())); // only if nothing ended it
    joinAll();
    return hostFailure;
  }

  private void runChild(Hart hart) {
    try {
      runHart(hart, Long.MAX_VALUE);
    } catch (RuntimeException e) { // a host bug in the ecall handler: run rethrows it
      hostFailure = e;
      end(new HartStop.Halted(hart.pc(), 0));
    }
  }

  /**
   * Runs one hart in slices until it exits, the process ends, it stops on its own, or it has
   * retired {@code instructions}.
   *
   * @return whether the hart is done (exited, or the process ended)
   */
  private boolean runHart(Hart hart, long instructions) {
    long counted = hart.instructionsRetired();
    long until = instructions == Long.MAX_VALUE ? Long.MAX_VALUE : counted + instructions;
    while (end == null) {
      if (counted >= until) {
        return false;
      }
      if (!gate.pass()) {
        return true;
      }
      long remaining = budget - retired.get();
      if (remaining <= 0) {
        end(new HartStop.BudgetExhausted(hart.pc(), retired.get()));
        return true;
      }
      HartStop stop = hart.run(Math.min(Math.min(SLICE, remaining), until - counted));
      long now = hart.instructionsRetired();
      retired.addAndGet(now - counted);
      counted = now;
      switch (stop) {
        case HartStop.Halted halted -> {
          return true; // exited: exitThread or exitGroup did the bookkeeping
        }
        case HartStop.BudgetExhausted slice -> wakeWaiter();
        default -> {
          HartStop outcome = stopHandler.onStop(hart, stop);
          now = hart.instructionsRetired(); // the handler may have run the hart further
          retired.addAndGet(now - counted);
          counted = now;
          if (outcome instanceof HartStop.Halted) {
            return true;
          }
          if (outcome != null) {
            end(outcome);
            return true;
          }
        }
      }
    }
    return true;
  }

  /** The driving thread, once it waits for the others, looks again after each of their slices. */
  private void wakeWaiter() {
    if (driverWaiting) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /** Waits until the process ends or all harts together have retired {@code until}. */
  private void awaitEnd(long until) {
    driverWaiting = true;
    boolean interrupted = false;
    synchronized (lock) {
      while (end == null && retired.get() < until) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true; // kept for the caller; the guest's threads decide when it ends
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void end(HartStop stop) {
    synchronized (lock) {
      if (end != null) {
        return;
      }
      end = stop;
      lock.notifyAll();
    }
    gate.end();
    futexes.close();
  }

  private void joinAll() {
    List<Thread> started;
    synchronized (lock) {
      started = List.copyOf(javaThreads);
    }
    boolean interrupted = false;
    for (Thread thread : started) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private GuestThread thread(Hart hart) {
    synchronized (lock) {
      GuestThread thread = threads.get(hart);
      if (thread == null) { // a hart the host started: the main thread, or another by hand
        thread = new GuestThread(threads.isEmpty() && nextTid == 1 ? 1 : ++nextTid);
        threads.put(hart, thread);
        live++;
      }
      return thread;
    }
  }
}

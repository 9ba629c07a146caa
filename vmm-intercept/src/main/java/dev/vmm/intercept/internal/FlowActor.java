package dev.vmm.intercept.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one flow's guest work one task at a time, in submission order, on a shared executor: flows
 * run in parallel, a flow's chunks never overtake each other. Tasks are queued first and started
 * by {@link #kick()}, so a batch of them costs one hand-off to the executor.
 */
final class FlowActor implements Runnable {
  private final Executor executor;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  FlowActor(Executor executor) {
    this.executor = executor;
  }

  /** Queues a task; it runs after a later {@link #kick()}. */
  void enqueue(Runnable task) {
    tasks.add(task);
  }

  /**
   * Makes sure the queued tasks run. Once the executor is shut down they run on the caller's
   * thread, so every task still runs once: the owner's tasks must then only turn their work away.
   */
  void kick() {
    if (scheduled.compareAndSet(false, true)) {
      execute();
    }
  }

  @Override
  public void run() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
    scheduled.set(false);
    // A task added between the last poll and the reset found `scheduled` still set: run it now,
    // behind the other flows' work.
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      execute();
    }
  }

  private void execute() {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      run();
    }
  }
}

package dev.vmm.intercept.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one flow's guest work one task at a time, in submission order, on a shared executor: flows
 * run in parallel, a flow's chunks never overtake each other.
 */
final class FlowActor implements Runnable {
  private final Executor executor;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  FlowActor(Executor executor) {
    this.executor = executor;
  }

  /** Queues a task; throws {@link RejectedExecutionException} once the executor is shut down. */
  void submit(Runnable task) {
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this);
    }
  }

  @Override
  public void run() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
    scheduled.set(false);
    // A task added between the last poll and the reset found `scheduled` still set: run it now.
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      executor.execute(this);
    }
  }
}

package dev.vmm.intercept.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from any thread to one executor (an event loop), where one task takes every item
 * posted so far and then ends the burst: one task and one wake-up per burst, not per item.
 *
 * @param <T> what is handed over
 */
final class BurstMailbox<T> {
  private final Queue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Consumer<T> take;
  private final Runnable endOfBurst;
  private final Consumer<T> abandon;
  private final Runnable drainTask = this::drain;

  /**
   * @param take runs on the executor for each item, in posting order
   * @param endOfBurst runs on the executor after the items of a burst
   * @param abandon runs on the posting thread for each item the executor refuses (it shut down)
   */
  BurstMailbox(Consumer<T> take, Runnable endOfBurst, Consumer<T> abandon) {
    this.take = take;
    this.endOfBurst = endOfBurst;
    this.abandon = abandon;
  }

  void post(T item, Executor executor) {
    items.add(item);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(drainTask);
      } catch (RejectedExecutionException e) {
        // Reset before polling, as in drain: a later post then sees the refusal itself.
        scheduled.set(false);
        T left;
        while ((left = items.poll()) != null) {
          abandon.accept(left);
        }
      }
    }
  }

  private void drain() {
    // Reset first: an item added after the last poll below schedules this task again.
    scheduled.set(false);
    T item;
    while ((item = items.poll()) != null) {
      take.accept(item);
    }
    endOfBurst.run();
  }
}

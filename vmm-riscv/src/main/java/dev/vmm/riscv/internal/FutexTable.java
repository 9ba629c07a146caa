package dev.vmm.riscv.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The futex wait queues of one guest: {@code FUTEX_WAIT} and {@code FUTEX_WAKE} with bitsets.
 *
 * <p><b>No lost wake-ups.</b> A waiter reads the futex word and joins the queue under one lock,
 * and a waker takes the same lock to empty the queue. A guest changes the word before it wakes
 * (that is the futex protocol), so either the change came before the waiter's read, and the
 * waiter sees a value other than the one it expected and returns {@code -EAGAIN}, or it came
 * after, and then the wake comes after the waiter joined the queue and finds it. This is Linux's
 * own argument with its hash-bucket lock. The lock also orders the waker's guest stores before
 * the woken hart's loads.
 *
 * <p>One lock for the whole table: futex calls are the slow path of glibc's locks (taken only
 * under contention), and the guests here have a handful of threads.
 *
 * <p>{@link #close()} wakes everyone for good when the process ends: every wait, current or
 * later, returns {@code -EINTR}.
 *
 * <p><b>Deadlocks.</b> The table counts the waiters without a deadline. When that count reaches
 * the number of live threads (checked under the lock, after a wait joins a queue and after a
 * thread exits), every thread is waiting for a wake no thread is left to give: the table calls
 * the deadlock handler, which ends the process, instead of letting the host wait forever. A thread
 * blocked elsewhere (reading a host stream) is live and not waiting, so it prevents the verdict.
 */
public final class FutexTable {
  /** {@code FUTEX_BITSET_MATCH_ANY}: the bitset of a plain wait or wake. */
  public static final int MATCH_ANY = -1;

  /** Whom to ask how many threads are live, and whom to tell of a deadlock. */
  public interface DeadlockWatch {
    /**
     * Returns how many of the process's threads have not exited.
     *
     * @return the count
     */
    int liveThreads();

    /**
     * Called, with the table's lock held, when every live thread waits without a deadline.
     *
     * @param pc the pc of the wait or exit that completed the deadlock
     * @param waiting how many threads wait
     */
    void deadlocked(long pc, int waiting);
  }

  private static final class Waiter {
    final int bitset;
    final boolean untimed;
    final Condition signal;
    boolean woken;

    Waiter(int bitset, boolean untimed, Condition signal) {
      this.bitset = bitset;
      this.untimed = untimed;
      this.signal = signal;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();
  private boolean closed;
  private int untimedWaiters;
  private DeadlockWatch watch;

  /**
   * Starts watching for deadlocks.
   *
   * @param watch the process's threads
   */
  public void watchForDeadlocks(DeadlockWatch watch) {
    lock.lock();
    try {
      this.watch = watch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits while the word at {@code address} holds {@code expected}, until a wake whose bitset
   * shares a bit with {@code bitset}, the deadline, or {@link #close()}.
   *
   * @param guest the guest's memory, to read the word
   * @param address the futex word's guest address, 4-byte aligned
   * @param expected the value the guest saw
   * @param bitset which wakes may end the wait; not 0
   * @param deadline a {@link System#nanoTime()} instant to give up at, or {@link Long#MAX_VALUE}
   * @param pc the waiting hart's pc, to name it in a deadlock
   * @return 0 if woken, {@code -EAGAIN} if the word changed, {@code -ETIMEDOUT},
   *     {@code -EINTR} if the process is ending
   * @throws GuestAccess.BadAddress if the word cannot be read
   */
  public long await(GuestAccess guest, long address, int expected, int bitset, long deadline,
      long pc) {
    lock.lock();
    try {
      if (closed) {
        return -Errno.EINTR;
      }
      if (guest.load32(address) != expected) {
        return -Errno.EAGAIN;
      }
      Waiter waiter = new Waiter(bitset, deadline == Long.MAX_VALUE, lock.newCondition());
      queues.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(waiter);
      if (waiter.untimed) {
        untimedWaiters++;
        checkForDeadlock(pc);
      }
      boolean interrupted = false;
      while (!waiter.woken && !closed) {
        try {
          if (deadline == Long.MAX_VALUE) {
            waiter.signal.await();
          } else {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
              break;
            }
            waiter.signal.awaitNanos(remaining);
          }
        } catch (InterruptedException e) {
          interrupted = true; // the host's interrupt is kept for it; the guest waits on
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (waiter.woken) {
        return 0;
      }
      dequeue(address, waiter);
      return closed ? -Errno.EINTR : -Errno.ETIMEDOUT;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes up to {@code count} waiters on {@code address} whose bitset shares a bit with
   * {@code bitset}, oldest first.
   *
   * @param address the futex word's guest address
   * @param count how many at most
   * @param bitset which waiters qualify; not 0
   * @return how many were woken
   */
  public int wake(long address, int count, int bitset) {
    lock.lock();
    try {
      ArrayDeque<Waiter> queue = queues.get(address);
      int woken = 0;
      if (queue != null) {
        for (Iterator<Waiter> i = queue.iterator(); i.hasNext() && woken < count; ) {
          Waiter waiter = i.next();
          if ((waiter.bitset & bitset) != 0) {
            i.remove();
            forget(waiter);
            waiter.woken = true;
            waiter.signal.signal();
            woken++;
          }
        }
        if (queue.isEmpty()) {
          queues.remove(address);
        }
      }
      return woken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns how many waiters are queued on an address, to see a guest's threads at rest.
   *
   * @param address the futex word's guest address
   * @return how many wait there
   */
  public int waiting(long address) {
    lock.lock();
    try {
      ArrayDeque<Waiter> queue = queues.get(address);
      return queue == null ? 0 : queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Ends every wait, now and later, with {@code -EINTR}: the process is ending. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      queues.values().forEach(queue -> queue.forEach(waiter -> waiter.signal.signal()));
      queues.clear();
      untimedWaiters = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Checks for a deadlock after a thread exited: the waiters may now be all that is left.
   *
   * @param pc the exiting thread's {@code ecall}
   */
  public void threadExited(long pc) {
    lock.lock();
    try {
      checkForDeadlock(pc);
    } finally {
      lock.unlock();
    }
  }

  private void checkForDeadlock(long pc) {
    if (watch != null && !closed && untimedWaiters > 0
        && untimedWaiters == watch.liveThreads()) {
      watch.deadlocked(pc, untimedWaiters);
    }
  }

  private void forget(Waiter waiter) {
    if (waiter.untimed) {
      untimedWaiters--;
    }
  }

  private void dequeue(long address, Waiter waiter) {
    ArrayDeque<Waiter> queue = queues.get(address);
    if (queue != null && queue.remove(waiter)) {
      forget(waiter);
      if (queue.isEmpty()) {
        queues.remove(address);
      }
    }
  }
}

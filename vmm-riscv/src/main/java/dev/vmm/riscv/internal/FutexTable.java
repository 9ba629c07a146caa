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
 */
public final class FutexTable {
  /** {@code FUTEX_BITSET_MATCH_ANY}: the bitset of a plain wait or wake. */
  public static final int MATCH_ANY = -1;

  private static final class Waiter {
    final int bitset;
    final Condition signal;
    boolean woken;

    Waiter(int bitset, Condition signal) {
      this.bitset = bitset;
      this.signal = signal;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();
  private boolean closed;

  /**
   * Waits while the word at {@code address} holds {@code expected}, until a wake whose bitset
   * shares a bit with {@code bitset}, the deadline, or {@link #close()}.
   *
   * @param guest the guest's memory, to read the word
   * @param address the futex word's guest address, 4-byte aligned
   * @param expected the value the guest saw
   * @param bitset which wakes may end the wait; not 0
   * @param deadline a {@link System#nanoTime()} instant to give up at, or {@link Long#MAX_VALUE}
   * @return 0 if woken, {@code -EAGAIN} if the word changed, {@code -ETIMEDOUT},
   *     {@code -EINTR} if the process is ending
   * @throws GuestAccess.BadAddress if the word cannot be read
   */
  public long await(GuestAccess guest, long address, int expected, int bitset, long deadline) {
    lock.lock();
    try {
      if (closed) {
        return -Errno.EINTR;
      }
      if (guest.load32(address) != expected) {
        return -Errno.EAGAIN;
      }
      Waiter waiter = new Waiter(bitset, lock.newCondition());
      queues.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(waiter);
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
    } finally {
      lock.unlock();
    }
  }

  private void dequeue(long address, Waiter waiter) {
    ArrayDeque<Waiter> queue = queues.get(address);
    if (queue != null) {
      queue.remove(waiter);
      if (queue.isEmpty()) {
        queues.remove(address);
      }
    }
  }
}

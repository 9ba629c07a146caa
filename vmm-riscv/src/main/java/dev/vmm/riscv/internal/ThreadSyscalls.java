package dev.vmm.riscv.internal;

import dev.vmm.riscv.Hart;
import java.time.Instant;

/**
 * Decodes the thread system calls' arguments: {@code clone} (threads only) and {@code futex}
 * ({@code WAIT}, {@code WAKE}, {@code WAIT_BITSET}, {@code WAKE_BITSET}, private or not, with
 * relative, monotonic or real-time timeouts). The work is done by {@link GuestThreads} and
 * {@link FutexTable}.
 *
 * <p>Debian's riscv64 glibc 2.36 creates threads with {@code clone} (it has no {@code clone3}
 * for riscv64; {@code clone3} answers {@code -ENOSYS}, on which newer glibc falls back to
 * {@code clone}).
 */
public final class ThreadSyscalls {
  private static final long CLONE_VM = 0x100;
  private static final long CLONE_SIGHAND = 0x800;
  private static final long CLONE_THREAD = 0x10000;
  private static final long CLONE_SETTLS = 0x80000;
  private static final long CLONE_PARENT_SETTID = 0x100000;
  private static final long CLONE_CHILD_CLEARTID = 0x200000;
  private static final long CLONE_CHILD_SETTID = 0x1000000;
  private static final long A_THREAD = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_WAKE = 1;
  private static final int FUTEX_WAIT_BITSET = 9;
  private static final int FUTEX_WAKE_BITSET = 10;
  private static final int FUTEX_PRIVATE_FLAG = 128;
  private static final int FUTEX_CLOCK_REALTIME = 256;
  private static final long NANOS = 1_000_000_000L;

  private final GuestThreads threads;
  private final FutexTable futexes;

  /**
   * Creates the calls.
   *
   * @param threads the process's threads
   * @param futexes the process's futexes
   */
  public ThreadSyscalls(GuestThreads threads, FutexTable futexes) {
    this.threads = threads;
    this.futexes = futexes;
  }

  /**
   * {@code clone(flags, stack, parent_tid, tls, child_tid)} for a thread. A clone that is not a
   * thread in the same address space (a {@code fork}, a {@code vfork}) is {@code -ENOSYS}: a
   * process cannot be copied here.
   *
   * @param parent the calling hart
   * @param guest the guest's memory
   * @param flags the {@code CLONE_*} flags
   * @param stack the child's stack pointer
   * @param parentTid {@code parent_tid}
   * @param tls the child's thread pointer
   * @param childTid {@code child_tid}
   * @return the child's thread id
   */
  public long clone(Hart parent, GuestAccess guest, long flags, long stack, long parentTid,
      long tls, long childTid) {
    if ((flags & A_THREAD) != A_THREAD) {
      return -Errno.ENOSYS;
    }
    return threads.start(parent, guest, new CloneRequest(stack,
        (flags & CLONE_SETTLS) != 0, tls,
        (flags & CLONE_PARENT_SETTID) != 0 ? parentTid : 0,
        (flags & CLONE_CHILD_SETTID) != 0 ? childTid : 0,
        (flags & CLONE_CHILD_CLEARTID) != 0 ? childTid : 0));
  }

  /**
   * {@code futex(address, op, value, timeout, address2, value3)}.
   *
   * @param guest the guest's memory
   * @param pc the calling hart's {@code ecall}, to name it in a deadlock
   * @param address the futex word
   * @param op the operation and its flags
   * @param value the expected value (waits) or how many to wake (wakes)
   * @param timeout a {@code struct timespec}: relative for {@code FUTEX_WAIT}, absolute for
   *     {@code FUTEX_WAIT_BITSET}; 0 for none
   * @param value3 the bitset of the bitset operations
   * @return the Linux result
   */
  public long futex(GuestAccess guest, long pc, long address, long op, long value, long timeout,
      long value3) {
    int command = (int) op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    boolean bitsetForm = command == FUTEX_WAIT_BITSET || command == FUTEX_WAKE_BITSET;
    int bitset = bitsetForm ? (int) value3 : FutexTable.MATCH_ANY;
    if (command != FUTEX_WAIT && command != FUTEX_WAKE && !bitsetForm) {
      return -Errno.ENOSYS; // requeue and wake-op: glibc 2.36 does not use them
    }
    if ((address & 3) != 0 || bitset == 0) {
      return -Errno.EINVAL;
    }
    if (command == FUTEX_WAKE || command == FUTEX_WAKE_BITSET) {
      return futexes.wake(address, (int) Math.min(value, Integer.MAX_VALUE), bitset);
    }
    long deadline = Long.MAX_VALUE;
    if (timeout != 0) {
      long seconds = guest.load64(timeout);
      long nanos = guest.load64(timeout + 8);
      if (seconds < 0 || nanos < 0 || nanos >= NANOS) {
        return -Errno.EINVAL;
      }
      deadline = deadline(command == FUTEX_WAIT, (op & FUTEX_CLOCK_REALTIME) != 0, seconds,
          nanos);
    }
    return futexes.await(guest, address, (int) value, bitset, deadline, pc);
  }

  /**
   * The {@link System#nanoTime()} instant a timeout ends: {@code clock_gettime} serves the
   * monotonic clock from {@code nanoTime} too, so an absolute monotonic timeout is one directly.
   */
  private static long deadline(boolean relative, boolean realtime, long seconds, long nanos) {
    long now = System.nanoTime();
    long time = seconds > Long.MAX_VALUE / NANOS - 1 ? Long.MAX_VALUE / 2 : seconds * NANOS + nanos;
    if (relative) {
      return now + Math.min(time, Long.MAX_VALUE / 2);
    }
    if (realtime) {
      Instant wall = Instant.now();
      long wallNanos = wall.getEpochSecond() * NANOS + wall.getNano();
      return now + Math.max(0, Math.min(time - wallNanos, Long.MAX_VALUE / 2));
    }
    return time;
  }
}

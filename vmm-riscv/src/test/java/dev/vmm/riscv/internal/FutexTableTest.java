package dev.vmm.riscv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.riscv.HartMemory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The futex wait queues: value checks, wake counts and bitsets, deadlines, and closing. */
class FutexTableTest {
  static final long WORD = 0x40;

  /** A 256-byte memory of words; only what the futex table touches. */
  static final class Words implements HartMemory {
    final int[] words = new int[64];

    @Override
    public byte load8(long p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public short load16(long p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int load32(long p) {
      return words[(int) (p / 4)];
    }

    @Override
    public long load64(long p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void store8(long p, int v) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void store16(long p, int v) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void store32(long p, int v) {
      words[(int) (p / 4)] = v;
    }

    @Override
    public void store64(long p, long v) {
      throw new UnsupportedOperationException();
    }
  }

  final Words memory = new Words();
  final GuestAccess guest = new GuestAccess(memory);
  final FutexTable futexes = new FutexTable();

  /** Starts a thread waiting on {@code WORD} for 0, and returns once it is queued. */
  Thread queuedWaiter(int bitset, AtomicLong result) {
    int before = futexes.waiting(WORD);
    Thread thread = Thread.ofPlatform().start(
        () -> result.set(futexes.await(guest, WORD, 0, bitset, Long.MAX_VALUE, 0)));
    while (futexes.waiting(WORD) == before) {
      Thread.onSpinWait();
    }
    return thread;
  }

  @Nested
  class Waiting {
    @Test
    void aChangedWordReturnsEagainAtOnce() {
      memory.store32(WORD, 5);
      assertThat(futexes.await(guest, WORD, 4, FutexTable.MATCH_ANY, Long.MAX_VALUE, 0))
          .isEqualTo(-Errno.EAGAIN);
    }

    @Test
    void aDeadlineAlreadyPastTimesOutAndLeavesNoWaiter() {
      assertThat(futexes.await(guest, WORD, 0, FutexTable.MATCH_ANY, System.nanoTime() - 1, 0))
          .isEqualTo(-Errno.ETIMEDOUT);
      assertThat(futexes.wake(WORD, Integer.MAX_VALUE, FutexTable.MATCH_ANY)).isZero();
    }

    @Test
    void aWakeEndsAWaitWithZero() throws Exception {
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread thread = queuedWaiter(FutexTable.MATCH_ANY, result);

      assertThat(futexes.wake(WORD, 1, FutexTable.MATCH_ANY)).isEqualTo(1);
      thread.join();

      assertThat(result.get()).isZero();
      assertThat(futexes.waiting(WORD)).isZero();
    }

    @Test
    void aWakeWakesAtMostCountOldestFirst() throws Exception {
      AtomicLong first = new AtomicLong(Long.MIN_VALUE);
      AtomicLong second = new AtomicLong(Long.MIN_VALUE);
      Thread oldest = queuedWaiter(FutexTable.MATCH_ANY, first);
      Thread youngest = queuedWaiter(FutexTable.MATCH_ANY, second);

      assertThat(futexes.wake(WORD, 1, FutexTable.MATCH_ANY)).isEqualTo(1);
      oldest.join();
      assertThat(first.get()).isZero();
      assertThat(futexes.waiting(WORD)).isEqualTo(1);

      assertThat(futexes.wake(WORD, Integer.MAX_VALUE, FutexTable.MATCH_ANY)).isEqualTo(1);
      youngest.join();
      assertThat(second.get()).isZero();
    }

    @Test
    void onlyAWakeSharingABitOfTheWaitersBitsetWakesIt() throws Exception {
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread thread = queuedWaiter(0b0110, result);

      assertThat(futexes.wake(WORD, 1, 0b1001)).isZero();
      assertThat(futexes.waiting(WORD)).isEqualTo(1);
      assertThat(futexes.wake(WORD, 1, 0b0100)).isEqualTo(1);
      thread.join();

      assertThat(result.get()).isZero();
    }

    @Test
    void waitersOnOtherWordsAreNotWoken() throws Exception {
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread thread = queuedWaiter(FutexTable.MATCH_ANY, result);

      assertThat(futexes.wake(WORD + 4, Integer.MAX_VALUE, FutexTable.MATCH_ANY)).isZero();
      futexes.wake(WORD, 1, FutexTable.MATCH_ANY);
      thread.join();
    }
  }

  @Nested
  class Closing {
    @Test
    void closeEndsCurrentAndLaterWaitsWithEintr() throws Exception {
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread thread = queuedWaiter(FutexTable.MATCH_ANY, result);

      futexes.close();
      thread.join();

      assertThat(result.get()).isEqualTo(-Errno.EINTR);
      assertThat(futexes.await(guest, WORD, 0, FutexTable.MATCH_ANY, Long.MAX_VALUE, 0))
          .isEqualTo(-Errno.EINTR);
    }
  }

  @Nested
  class Deadlocks {
    /** A process of {@code live} threads that closes the table on a deadlock, as it ends. */
    final class Process implements FutexTable.DeadlockWatch {
      int live;
      long deadlockPc = -1;
      int deadlockWaiters;

      Process(int live) {
        this.live = live;
      }

      @Override
      public int liveThreads() {
        return live;
      }

      @Override
      public void deadlocked(long pc, int waiting) {
        deadlockPc = pc;
        deadlockWaiters = waiting;
        futexes.close();
      }
    }

    @Test
    void theOnlyThreadWaitingForeverIsADeadlock() {
      Process process = new Process(1);
      futexes.watchForDeadlocks(process);

      long result = futexes.await(guest, WORD, 0, FutexTable.MATCH_ANY, Long.MAX_VALUE, 0x1234);

      assertThat(result).isEqualTo(-Errno.EINTR);
      assertThat(process.deadlockPc).isEqualTo(0x1234);
      assertThat(process.deadlockWaiters).isEqualTo(1);
    }

    @Test
    void aWaiterWithADeadlineIsNotPartOfADeadlock() {
      Process process = new Process(1);
      futexes.watchForDeadlocks(process);

      assertThat(futexes.await(guest, WORD, 0, FutexTable.MATCH_ANY, System.nanoTime() - 1, 0))
          .isEqualTo(-Errno.ETIMEDOUT);
      assertThat(process.deadlockPc).isEqualTo(-1);
    }

    @Test
    void theExitOfTheLastRunningThreadLeavesTheWaitersDeadlocked() throws Exception {
      Process process = new Process(2);
      futexes.watchForDeadlocks(process);
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread waiter = queuedWaiter(FutexTable.MATCH_ANY, result);
      assertThat(process.deadlockPc).as("one thread still runs").isEqualTo(-1);

      process.live = 1;
      futexes.threadExited(0x40);
      waiter.join();

      assertThat(process.deadlockPc).isEqualTo(0x40);
      assertThat(result.get()).isEqualTo(-Errno.EINTR);
    }

    @Test
    void aWokenWaiterNoLongerCounts() throws Exception {
      Process process = new Process(2);
      futexes.watchForDeadlocks(process);
      AtomicLong result = new AtomicLong(Long.MIN_VALUE);
      Thread waiter = queuedWaiter(FutexTable.MATCH_ANY, result);
      futexes.wake(WORD, 1, FutexTable.MATCH_ANY);
      waiter.join();

      process.live = 1;
      futexes.threadExited(0x40);

      assertThat(process.deadlockPc).isEqualTo(-1);
    }
  }

  @Nested
  class Waking {
    @Test
    void wakeCountsOnlyWhomItWokeAndNobodyWaitingIsZero() {
      assertThat(futexes.wake(WORD, 10, FutexTable.MATCH_ANY)).isZero();
    }
  }
}

package dev.vmm.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several vCPUs of one guest allocating, freeing and accessing concurrently. Each thread checks
 * exact outcomes on the blocks it owns, and every thread reads blocks the others pinned while the
 * allocation table grows and the heap churns. Outcomes are checked, never timings. The seed and
 * thread are in every failure message.
 */
class GuestMemoryConcurrencyTest {
  static final long HEAP = 0x10000;
  static final int THREADS = 4;
  static final int STEPS = 25_000;
  static final int PINNED_PER_THREAD = 64;

  static LongStream seeds() {
    return LongStream.of(1, 2, 3);
  }

  record Block(long pointer, long size, long fill) {}

  @ParameterizedTest
  @MethodSource("seeds")
  void vcpusAllocateAndAccessConcurrently(long seed) throws Exception {
    try (GuestMemory memory = GuestMemory.builder().size(HEAP + (8 << 20))
        .heap(HEAP, 8 << 20).tagSeed(seed).build()) {
      List<Block> pinned = new ArrayList<>();
      SplittableRandom setup = new SplittableRandom(seed);
      for (int i = 0; i < THREADS * PINNED_PER_THREAD; i++) {
        long size = 1 + setup.nextInt(200);
        long p = memory.malloc(size, 1);
        memory.fill(p, i, size);
        pinned.add(new Block(p, size, (byte) i));
      }
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicLong liveAtEnd = new AtomicLong();
      List<Thread> vcpus = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        vcpus.add(Thread.ofPlatform().start(() -> {
          try {
            start.await();
            liveAtEnd.addAndGet(
                runVcpu(memory, pinned, new SplittableRandom(seed * 31 + thread),
                    "seed " + seed + " thread " + thread));
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      for (Thread v : vcpus) {
        v.join();
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError("seed " + seed + ": " + failures.size()
            + " vCPU(s) failed; first: " + failures.peek(), failures.peek());
        failures.forEach(error::addSuppressed);
        throw error;
      }
      HeapStats stats = memory.stats();
      assertThat(stats.liveAllocations()).as("seed " + seed)
          .isEqualTo(liveAtEnd.get() + pinned.size());
      assertThat(memory.leaks().allocations()).as("seed " + seed)
          .hasSize((int) stats.liveAllocations());
      assertThat(stats.freeBytes() + stats.quarantinedBytes()).as("seed " + seed)
          .isLessThanOrEqualTo(stats.heapBytes());
      for (Block b : pinned) {
        assertThat(memory.load8(b.pointer() + b.size() - 1)).as("seed " + seed)
            .isEqualTo((byte) b.fill());
      }
    }
  }

  /** One vCPU's run; returns how many of its own blocks are live at the end. */
  private static long runVcpu(GuestMemory memory, List<Block> pinned, SplittableRandom random,
      String who) {
    List<Block> own = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      String at = who + " step " + step;
      int op = random.nextInt(10);
      if (op < 3 || own.isEmpty()) {
        long size = 1 + random.nextInt(random.nextInt(10) == 0 ? 4000 : 200);
        long p = memory.malloc(size, step);
        if (p == 0) {
          continue; // the heap is full for now; others will free
        }
        long fill = random.nextInt(256);
        memory.fill(p, (int) fill, size);
        own.add(new Block(p, size, (byte) fill));
      } else if (op < 5) {
        Block b = own.remove(random.nextInt(own.size()));
        memory.free(b.pointer(), step);
        Violation v = violation(() -> memory.load8(b.pointer()));
        assertThat(v).as(at + " use after own free").isNotNull();
        // Another vCPU's frees may already have pushed it out of the quarantine, so the memory
        // may be free or reused, with another tag; never is it still allowed.
        assertThat(v.kind()).as(at + ": " + v.describe()).isIn(
            ViolationKind.HEAP_USE_AFTER_FREE, ViolationKind.TAG_MISMATCH,
            ViolationKind.HEAP_BUFFER_OVERFLOW, ViolationKind.HEAP_BUFFER_UNDERFLOW);
      } else if (op < 8) {
        Block b = own.get(random.nextInt(own.size()));
        long offset = random.nextLong(b.size());
        assertThat(memory.load8(b.pointer() + offset)).as(at + " own block " + b)
            .isEqualTo((byte) b.fill());
        long slack = ((b.size() + 31) & -32) - b.size();
        if (slack > 0) {
          Violation v = violation(() -> memory.store8(b.pointer() + b.size()
              + random.nextLong(slack), 0));
          assertThat(v).as(at + " overflow of " + b).isNotNull();
          assertThat(v.kind()).as(at + ": " + v.describe())
              .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
          assertThat(v.allocation().pointer()).as(at).isEqualTo(b.pointer());
        }
      } else {
        Block b = pinned.get(random.nextInt(pinned.size()));
        assertThat(memory.load8(b.pointer() + random.nextLong(b.size())))
            .as(at + " pinned block " + b).isEqualTo((byte) b.fill());
      }
    }
    return own.size();
  }

  /** A vCPU frees blocks while another reads them: each read is allowed or a use after free. */
  @Test
  void aRacingFreeAndAccessIsAllowedOrAUseAfterFree() throws Exception {
    int rounds = 20_000;
    try (GuestMemory memory = GuestMemory.builder().size(HEAP + (4 << 20)).heap(HEAP, 4 << 20)
        .quarantineBytes(4 << 20).tagSeed(9).build()) {
      long[] published = new long[rounds];
      AtomicLong latest = new AtomicLong(-1);
      Thread freer = Thread.ofPlatform().start(() -> {
        for (int i = 0; i < rounds; i++) {
          long p = memory.malloc(16, i);
          memory.store64(p, i);
          published[i] = p;
          latest.set(i); // volatile: publishes p and its contents
          memory.free(p, i);
        }
      });
      long allowed = 0;
      long refused = 0;
      for (long seen = -1; seen < rounds - 1; ) {
        long i = latest.get();
        if (i < 0) {
          Thread.onSpinWait();
          continue;
        }
        seen = i;
        long p = published[(int) i];
        try {
          assertThat(memory.load64(p)).as("round " + i).isEqualTo(i);
          allowed++;
        } catch (MemoryViolationException e) {
          assertThat(e.violation().kind()).as("round " + i + ": " + e.violation().describe())
              .isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
          refused++;
        }
      }
      freer.join();
      assertThat(allowed + refused).isPositive();
    }
  }

  private static Violation violation(Runnable call) {
    try {
      call.run();
      return null;
    } catch (MemoryViolationException e) {
      return e.violation();
    }
  }
}

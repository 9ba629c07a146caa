package dev.vmm.bench.memory;

import dev.vmm.bench.BatchCursor;
import dev.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loads and stores of 1, 4 or 8 bytes (the {@code width} parameter) within live allocations:
 * checked, unchecked (same API, no checks) and, as the floor, raw little-endian unaligned
 * {@link MemorySegment} access to the same bytes. The raw peer does the work every peer must do
 * besides checking: it reads the same tagged pointers and strips the tag ({@code & addressMask}),
 * in the same loop.
 *
 * <p>Random: each invocation does {@value #BATCH} accesses in a shuffled order over 16k
 * allocations, starting at a per-thread position. Sequential: {@value #BATCH} consecutive
 * {@code width}-byte steps through one 64 KiB allocation. Loads are summed into the result, so
 * every load counts without a {@code Blackhole} call per access. Scores are per access; run with
 * {@code -prof gc} to see that none allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MemoryAccessBenchmark {
  static final int BATCH = BatchCursor.BATCH;
  static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  // ---- Random loads. ----------------------------------------------------------------------

  /** Checked loads at random pointers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long checkedLoadRandom(LiveAllocations s, BatchCursor c) {
    return loadRandom(s.checked, s.pointers, s.width, c.next());
  }

  /** Unchecked loads at the same pointers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long uncheckedLoadRandom(LiveAllocations s, BatchCursor c) {
    return loadRandom(s.unchecked, s.pointers, s.width, c.next());
  }

  /** Floor: raw segment loads at the same addresses. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long rawLoadRandom(LiveAllocations s, BatchCursor c) {
    long[] pointers = s.pointers;
    long addressMask = s.addressMask;
    MemorySegment raw = s.raw;
    int mask = pointers.length - 1;
    int start = c.next();
    long sum = 0;
    switch (s.width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(ValueLayout.JAVA_BYTE, pointers[(start + i) & mask] & addressMask);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(INT, pointers[(start + i) & mask] & addressMask);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(LONG, pointers[(start + i) & mask] & addressMask);
        }
      }
    }
    return sum;
  }

  private static long loadRandom(GuestMemory m, long[] pointers, int width, int start) {
    int mask = pointers.length - 1;
    long sum = 0;
    switch (width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load8(pointers[(start + i) & mask]);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load32(pointers[(start + i) & mask]);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load64(pointers[(start + i) & mask]);
        }
      }
    }
    return sum;
  }

  // ---- Random stores. ---------------------------------------------------------------------

  /** Checked stores at random pointers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void checkedStoreRandom(LiveAllocations s, BatchCursor c) {
    storeRandom(s.checked, s.pointers, s.width, c.next());
  }

  /** Unchecked stores at the same pointers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void uncheckedStoreRandom(LiveAllocations s, BatchCursor c) {
    storeRandom(s.unchecked, s.pointers, s.width, c.next());
  }

  /** Floor: raw segment stores at the same addresses. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rawStoreRandom(LiveAllocations s, BatchCursor c) {
    long[] pointers = s.pointers;
    long addressMask = s.addressMask;
    MemorySegment raw = s.raw;
    int mask = pointers.length - 1;
    int start = c.next();
    switch (s.width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(ValueLayout.JAVA_BYTE, pointers[(start + i) & mask] & addressMask, (byte) i);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(INT, pointers[(start + i) & mask] & addressMask, i);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(LONG, pointers[(start + i) & mask] & addressMask, i);
        }
      }
    }
  }

  private static void storeRandom(GuestMemory m, long[] pointers, int width, int start) {
    int mask = pointers.length - 1;
    switch (width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          m.store8(pointers[(start + i) & mask], i);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          m.store32(pointers[(start + i) & mask], i);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          m.store64(pointers[(start + i) & mask], i);
        }
      }
    }
  }

  // ---- Sequential loads and stores. -------------------------------------------------------

  /** Checked loads walking one allocation. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long checkedLoadSequential(LiveAllocations s, BatchCursor c) {
    return loadSequential(s.checked, s.sequentialPointer, s.width, c.next());
  }

  /** Unchecked loads walking the same allocation. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long uncheckedLoadSequential(LiveAllocations s, BatchCursor c) {
    return loadSequential(s.unchecked, s.sequentialPointer, s.width, c.next());
  }

  /** Floor: raw segment loads walking the same bytes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long rawLoadSequential(LiveAllocations s, BatchCursor c) {
    MemorySegment raw = s.raw;
    long base = s.sequentialPointer;
    long addressMask = s.addressMask;
    int mask = LiveAllocations.SEQUENTIAL_BYTES - 1;
    int start = c.next();
    long sum = 0;
    switch (s.width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(ValueLayout.JAVA_BYTE, (base + ((start + i) & mask)) & addressMask);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(INT, (base + (((start + i) << 2) & mask)) & addressMask);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          sum += raw.get(LONG, (base + (((start + i) << 3) & mask)) & addressMask);
        }
      }
    }
    return sum;
  }

  private static long loadSequential(GuestMemory m, long base, int width, int start) {
    int mask = LiveAllocations.SEQUENTIAL_BYTES - 1;
    long sum = 0;
    switch (width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load8(base + ((start + i) & mask));
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load32(base + (((start + i) << 2) & mask));
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          sum += m.load64(base + (((start + i) << 3) & mask));
        }
      }
    }
    return sum;
  }

  /** Checked stores walking one allocation. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void checkedStoreSequential(LiveAllocations s, BatchCursor c) {
    storeSequential(s.checked, s.sequentialPointer, s.width, c.next());
  }

  /** Unchecked stores walking the same allocation. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void uncheckedStoreSequential(LiveAllocations s, BatchCursor c) {
    storeSequential(s.unchecked, s.sequentialPointer, s.width, c.next());
  }

  /** Floor: raw segment stores walking the same bytes. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rawStoreSequential(LiveAllocations s, BatchCursor c) {
    MemorySegment raw = s.raw;
    long base = s.sequentialPointer;
    long addressMask = s.addressMask;
    int mask = LiveAllocations.SEQUENTIAL_BYTES - 1;
    int start = c.next();
    switch (s.width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(ValueLayout.JAVA_BYTE, (base + ((start + i) & mask)) & addressMask, (byte) i);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(INT, (base + (((start + i) << 2) & mask)) & addressMask, i);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          raw.set(LONG, (base + (((start + i) << 3) & mask)) & addressMask, i);
        }
      }
    }
  }

  private static void storeSequential(GuestMemory m, long base, int width, int start) {
    int mask = LiveAllocations.SEQUENTIAL_BYTES - 1;
    switch (width) {
      case 1 -> {
        for (int i = 0; i < BATCH; i++) {
          m.store8(base + ((start + i) & mask), i);
        }
      }
      case 4 -> {
        for (int i = 0; i < BATCH; i++) {
          m.store32(base + (((start + i) << 2) & mask), i);
        }
      }
      default -> {
        for (int i = 0; i < BATCH; i++) {
          m.store64(base + (((start + i) << 3) & mask), i);
        }
      }
    }
  }
}

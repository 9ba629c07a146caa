package dev.vmm.bench.memory;

import dev.vmm.memory.GuestMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@code malloc} and {@code free} pair of {@code size} bytes on a 64 MiB heap that already holds
 * 16k live allocations, with the default quarantine (a quarter of the heap, so every free also
 * evicts an older block in steady state: split, shadow writes, merge) and with none. Each
 * invocation keeps a window of {@value #WINDOW} blocks, freeing the oldest as it allocates a new
 * one, so frees do not come back in allocation order only. Scores are per pair; run with
 * {@code -prof gc}: a pair allocates nothing on the Java heap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MallocFreeBenchmark {
  static final int BATCH = 1024;
  static final int WINDOW = 64;
  static final long HEAP = 1 << 20;
  static final long HEAP_SIZE = 64 << 20;

  /** The heap and the window of blocks in flight. */
  @State(Scope.Thread)
  public static class Heap {
    /** Bytes per allocation. */
    @Param({"16", "64", "256"})
    public int size;

    /** Quarantine bytes: -1 for the default (a quarter of the heap), or 0. */
    @Param({"-1", "0"})
    public long quarantine;

    GuestMemory memory;
    final long[] window = new long[WINDOW];
    int next;

    /** Builds the heap with 16k live allocations and a full window. */
    @Setup(Level.Trial)
    public void build() {
      GuestMemory.Builder builder = GuestMemory.builder().size(HEAP + HEAP_SIZE)
          .heap(HEAP, HEAP_SIZE).tagSeed(3);
      if (quarantine >= 0) {
        builder.quarantineBytes(quarantine);
      }
      memory = builder.build();
      java.util.SplittableRandom random = new java.util.SplittableRandom(5);
      for (int i = 0; i < 1 << 14; i++) {
        memory.malloc(16 + random.nextInt(241), i);
      }
      for (int i = 0; i < WINDOW; i++) {
        window[i] = memory.malloc(size, i);
      }
    }

    /** Releases the memory. */
    @TearDown(Level.Trial)
    public void close() {
      memory.close();
    }
  }

  /** One malloc and one free, {@value #BATCH} times. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long mallocFree(Heap h) {
    GuestMemory m = h.memory;
    long[] window = h.window;
    int next = h.next;
    long last = 0;
    for (int i = 0; i < BATCH; i++) {
      int slot = next++ & (WINDOW - 1);
      m.free(window[slot], i);
      last = m.malloc(h.size, i);
      window[slot] = last;
    }
    h.next = next;
    return last;
  }
}

package dev.vmm.bench.memory;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same heap layout in a checked and an unchecked memory (same tag seed, same calls, so the same
 * addresses), and one access order for all peers: the same tagged pointers for every peer, and the
 * mask that strips their tags for raw {@link MemorySegment} access to the checked memory's bytes.
 *
 * <p>Random: {@value #ALLOCATIONS} live allocations of 16 to 256 bytes, each pointer at a random
 * offset where a {@code width}-byte access fits, in shuffled order. Sequential: one
 * {@value #SEQUENTIAL_BYTES}-byte allocation walked in {@code width} steps.
 */
@State(Scope.Benchmark)
public class LiveAllocations {
  static final int ALLOCATIONS = 1 << 14;
  static final int SEQUENTIAL_BYTES = 1 << 16;
  static final long HEAP = 1 << 20;
  static final long HEAP_SIZE = 64 << 20;

  /** Bytes per access. */
  @Param({"1", "4", "8"})
  public int width;

  GuestMemory checked;
  GuestMemory unchecked;
  MemorySegment raw;

  /** Random-access pointers (tagged), in access order. */
  long[] pointers;
  /** The sequential block's pointer. */
  long sequentialPointer;
  /** What strips a pointer's tag, for the raw peer. */
  long addressMask;

  /** Builds both memories with identical heaps. */
  @Setup(Level.Trial)
  public void build() {
    checked = memory(CheckMode.CHECKED);
    unchecked = memory(CheckMode.UNCHECKED);
    raw = checked.physical();
    SplittableRandom random = new SplittableRandom(42);
    long[] blocks = new long[ALLOCATIONS];
    long[] sizes = new long[ALLOCATIONS];
    for (int i = 0; i < ALLOCATIONS; i++) {
      sizes[i] = 16 + random.nextInt(241);
      blocks[i] = checked.malloc(sizes[i], i);
      long twin = unchecked.malloc(sizes[i], i);
      if (twin != blocks[i]) {
        throw new IllegalStateException("the two heaps diverged at allocation " + i);
      }
    }
    sequentialPointer = checked.malloc(SEQUENTIAL_BYTES, 0);
    if (unchecked.malloc(SEQUENTIAL_BYTES, 0) != sequentialPointer) {
      throw new IllegalStateException("the two heaps diverged at the sequential block");
    }
    addressMask = checked.layout().addressMask();
    pointers = new long[ALLOCATIONS];
    for (int i = 0; i < ALLOCATIONS; i++) {
      int block = random.nextInt(ALLOCATIONS);
      pointers[i] = blocks[block] + random.nextLong(sizes[block] - width + 1);
    }
  }

  private static GuestMemory memory(CheckMode mode) {
    return GuestMemory.builder().size(HEAP + HEAP_SIZE).ram(0x1000, HEAP - 0x1000)
        .heap(HEAP, HEAP_SIZE).mode(mode).tagSeed(7).build();
  }

  /** Releases both memories. */
  @TearDown(Level.Trial)
  public void close() {
    checked.close();
    unchecked.close();
  }
}

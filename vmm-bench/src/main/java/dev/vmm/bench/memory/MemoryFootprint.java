package dev.vmm.bench.memory;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.HeapStats;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Measures the checking metadata per heap byte: the shadow (4 bytes per 32-byte granule) plus the
 * allocation table at its current capacity, with the heap filled to about 90% by allocations of a
 * stated size distribution. A program, not a JMH benchmark: sizes do not vary between runs.
 *
 * <pre>java -cp vmm-bench/target/benchmarks.jar dev.vmm.bench.memory.MemoryFootprint</pre>
 */
public final class MemoryFootprint {
  static final long HEAP_SIZE = 64 << 20;

  private MemoryFootprint() {}

  /**
   * Prints metadata bytes per heap byte for several size distributions.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.printf("%-24s %12s %12s %12s %12s %10s%n", "sizes", "allocations",
        "shadow B", "table B", "table B/alloc", "meta/heap");
    SplittableRandom random = new SplittableRandom(1);
    report("32 bytes", () -> 32);
    report("uniform 16..256", () -> 16 + random.nextInt(241));
    report("uniform 16..4096", () -> 16 + random.nextInt(4081));
    report("1024 bytes", () -> 1024);
    report("64 KiB", () -> 64 << 10);
  }

  private static void report(String name, LongSupplier sizes) {
    try (GuestMemory m = GuestMemory.builder().size((1 << 20) + HEAP_SIZE)
        .heap(1 << 20, HEAP_SIZE).quarantineBytes(0).build()) {
      long used = 0;
      long count = 0;
      while (used < HEAP_SIZE * 9 / 10) {
        long size = sizes.getAsLong();
        if (m.malloc(size, 0) == 0) {
          break;
        }
        used += Math.max(32, (size + 31) & -32);
        count++;
      }
      HeapStats s = m.stats();
      System.out.printf("%-24s %12d %12d %12d %12.1f %9.1f%%%n", name, count, s.shadowBytes(),
          s.tableBytes(), (double) s.tableBytes() / count, 100 * s.metadataPerHeapByte());
    }
  }
}

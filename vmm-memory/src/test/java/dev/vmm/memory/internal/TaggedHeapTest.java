package dev.vmm.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.Region;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocator at limits the public API cannot reach cheaply. */
class TaggedHeapTest {
  @Test
  void aFullAllocationTableFailsAllocationsCleanly() {
    try (Arena arena = Arena.ofConfined()) {
      Region region = new Region(0x1000, 0x10000, Region.Kind.HEAP);
      TaggedHeap heap = new TaggedHeap(region, 48, 0, 1, arena.allocate(0x11000),
          ViolationHandler.THROW, 8);
      List<Long> blocks = new ArrayList<>();
      long p;
      while ((p = heap.allocate(32, 32, 0)) != 0) {
        blocks.add(p);
      }
      // 8 entries: entry 0, the free block, and room kept for a three-way split.
      assertThat(blocks).hasSizeBetween(3, 6);
      assertThat(heap.stats().liveAllocations()).isEqualTo(blocks.size());
      long live = blocks.get(1);
      assertThat(heap.reallocate(live, 4000, 0)).as("growth needing an entry fails").isZero();
      assertThat(heap.allocationAt(live & 0xFFFF_FFFF_FFFFL).size()).isEqualTo(32);

      blocks.forEach(b -> heap.free(b, 0));
      assertThat(heap.stats().freeBytes()).isEqualTo(0x10000);
      assertThat(heap.allocate(0x10000, 32, 0)).as("whole heap after the frees").isNotZero();
    }
  }
}

package dev.vmm.stress.memory;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.ViolationKind;
import java.util.function.LongSupplier;

/** Small memories for the stress tests, and outcome codes for loads. */
final class MemoryFixtures {
  /** The heap's base; the heap is 64 KiB. */
  static final long HEAP = 0x10000;
  /**
   * Allocations after which the next one grows the allocation table: it starts with 256 entries,
   * entry 0 is reserved and one is the heap's free block, and each allocation first reserves three
   * spare entries (for a split into three), so allocation 253 is the one that finds fewer than
   * three and doubles the table. {@code MemoryFixturesTest} checks this.
   */
  static final int FILL_TO_GROWTH = 252;

  /** A load was refused as a use after free. */
  static final long USE_AFTER_FREE = -2;
  /** A load was refused with another kind. */
  static final long OTHER_VIOLATION = -3;

  private MemoryFixtures() {}

  static GuestMemory memory() {
    return GuestMemory.builder().size(2 * HEAP).heap(HEAP, HEAP).tagSeed(1).build();
  }

  /** Runs a load: its value, or the code of its refusal. */
  static long load(LongSupplier load) {
    try {
      return load.getAsLong();
    } catch (MemoryViolationException e) {
      return e.violation().kind() == ViolationKind.HEAP_USE_AFTER_FREE
          ? USE_AFTER_FREE : OTHER_VIOLATION;
    }
  }
}

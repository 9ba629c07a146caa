package dev.vmm.stress.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.GuestMemory;
import org.junit.jupiter.api.Test;

/** Checks the premises of the memory stress tests, single-threaded. */
class MemoryFixturesTest {
  @Test
  void fillingToGrowthLeavesTheTableFullSoTheNextMallocGrowsIt() {
    try (GuestMemory memory = MemoryFixtures.memory()) {
      long before = 0;
      for (int i = 0; i < MemoryFixtures.FILL_TO_GROWTH; i++) {
        memory.malloc(8, 1);
        before = memory.stats().tableBytes();
      }
      memory.malloc(16, 2);
      assertThat(memory.stats().tableBytes()).isEqualTo(2 * before);
    }
  }

  @Test
  void reallocOfTheFreshBlockGrowsInPlace() {
    try (GuestMemory memory = MemoryFixtures.memory()) {
      long p = memory.malloc(16, 1);
      assertThat(memory.realloc(p, 64, 2)).isEqualTo(p);
    }
  }

  @Test
  void loadsPastTheOldSizeAreOverflowsUntilTheGrowth() {
    try (GuestMemory memory = MemoryFixtures.memory()) {
      long p = memory.malloc(16, 1);
      assertThat(MemoryFixtures.load(() -> memory.load64(p + 40)))
          .isEqualTo(MemoryFixtures.OTHER_VIOLATION);
      memory.realloc(p, 64, 2);
      assertThat(MemoryFixtures.load(() -> memory.load64(p + 40))).isZero();
      memory.free(p, 3);
      assertThat(MemoryFixtures.load(() -> memory.load64(p)))
          .isEqualTo(MemoryFixtures.USE_AFTER_FREE);
    }
  }
}

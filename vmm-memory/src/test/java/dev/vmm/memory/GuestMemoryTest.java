package dev.vmm.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

class GuestMemoryTest {
  static final long ROM = 0x1000;
  static final long RAM = 0x10000;
  static final long HEAP = 0x100000;
  static final long HEAP_SIZE = 1 << 20;
  static final long SIZE = 4 << 20;

  final GuestMemory memory = standard().build();

  static GuestMemory.Builder standard() {
    return GuestMemory.builder().size(SIZE).tagSeed(42)
        .readOnly(ROM, RAM - ROM).ram(RAM, HEAP - RAM).heap(HEAP, HEAP_SIZE);
  }

  @AfterEach
  void close() {
    memory.close();
  }

  static Violation violationOf(ThrowingCallable call) {
    MemoryViolationException e = catchThrowableOfType(MemoryViolationException.class, call);
    assertThat(e).as("expected a violation").isNotNull();
    return e.violation();
  }

  @Nested
  class UntaggedRegions {
    @Test
    void ramTakesLittleEndianLoadsAndStoresAtAnyAlignment() {
      memory.store64(RAM + 3, 0x0807_0605_0403_0201L);

      assertThat(memory.load8(RAM + 3)).isEqualTo((byte) 1);
      assertThat(memory.load16(RAM + 4)).isEqualTo((short) 0x0302);
      assertThat(memory.load32(RAM + 5)).isEqualTo(0x0605_0403);
      assertThat(memory.load64(RAM + 3)).isEqualTo(0x0807_0605_0403_0201L);
      memory.store32(RAM + 1, -1);
      memory.store16(RAM + 9, 0xABCD);
      memory.store8(RAM + 11, 0x1FF);
      assertThat(memory.load32(RAM + 1)).isEqualTo(-1);
      assertThat(memory.load16(RAM + 9)).isEqualTo((short) 0xABCD);
      assertThat(memory.load8(RAM + 11)).isEqualTo((byte) 0xFF);
    }

    @Test
    void readOnlyLoadsButRefusesStores() {
      memory.physical().set(java.lang.foreign.ValueLayout.JAVA_INT, ROM, 0x1234);

      assertThat(memory.load32(ROM)).isEqualTo(0x1234);
      Violation v = violationOf(() -> memory.store32(ROM, 1));
      assertThat(v.kind()).isEqualTo(ViolationKind.READ_ONLY_WRITE);
      assertThat(v.access()).isEqualTo(AccessKind.WRITE);
      assertThat(memory.load32(ROM)).isEqualTo(0x1234);
    }

    @Test
    void unmappedAndBeyondTheEndAreRefused() {
      assertThat(violationOf(() -> memory.load8(0)).kind()).isEqualTo(ViolationKind.UNMAPPED);
      assertThat(violationOf(() -> memory.load8(SIZE)).kind()).isEqualTo(ViolationKind.UNMAPPED);
      assertThat(violationOf(() -> memory.load64(HEAP + HEAP_SIZE + 8)).kind())
          .isEqualTo(ViolationKind.UNMAPPED);
      assertThat(violationOf(() -> memory.load64(0x0000_FFFF_FFFF_FFF0L)).kind())
          .isEqualTo(ViolationKind.UNMAPPED);
    }

    @Test
    void anAccessStraddlingIntoAnotherRegionIsCheckedOnBothPages() {
      assertThat(violationOf(() -> memory.store64(RAM - 4, 1)).kind())
          .isEqualTo(ViolationKind.READ_ONLY_WRITE);
      assertThat(violationOf(() -> memory.load64(HEAP - 4)).kind())
          .isEqualTo(ViolationKind.TAG_MISMATCH);
      assertThat(violationOf(() -> memory.load32(ROM - 2)).kind())
          .isEqualTo(ViolationKind.UNMAPPED);
    }

    @Test
    void aTaggedPointerOutsideTheHeapIsATagMismatch() {
      long tagged = memory.layout().pointer(5, RAM);

      Violation v = violationOf(() -> memory.load8(tagged));

      assertThat(v.kind()).isEqualTo(ViolationKind.TAG_MISMATCH);
      assertThat(v.pointerTag()).isEqualTo(5);
      assertThat(v.address()).isEqualTo(RAM);
    }
  }

  @Nested
  class TaggedHeap {
    @Test
    void mallocReturnsATaggedGranuleAlignedPointerUsableToTheByte() {
      long p = memory.malloc(20, 0x400);

      assertThat(memory.layout().tag(p)).isNotZero();
      assertThat(memory.layout().address(p) % GuestMemory.GRANULE_SIZE).isZero();
      memory.store64(p + 12, 42);
      assertThat(memory.load64(p + 12)).isEqualTo(42);
      Violation v = violationOf(() -> memory.load8(p + 20));
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(v.offset()).isEqualTo(20);
      assertThat(v.allocation().allocationSite()).isEqualTo(0x400);
      assertThat(violationOf(() -> memory.load64(p + 13)).kind())
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }

    @Test
    void anUntaggedPointerIntoTheHeapIsRefused() {
      long p = memory.malloc(64, 1);

      Violation v = violationOf(() -> memory.load8(memory.layout().address(p)));

      assertThat(v.kind()).isEqualTo(ViolationKind.TAG_MISMATCH);
      assertThat(v.allocation().pointer()).isEqualTo(p);
    }

    @Test
    void neighboursNeverShareATag() {
      long previous = memory.malloc(1, 0);
      for (int i = 0; i < 5000; i++) {
        long next = memory.malloc(1 + i % 100, 0);
        assertThat(memory.layout().tag(next)).isNotEqualTo(memory.layout().tag(previous));
        previous = next;
      }
    }

    @Test
    void freedMemoryIsQuarantinedThenReused() {
      try (GuestMemory small = standard().quarantineBytes(64).build()) {
        long a = small.malloc(32, 1);
        small.free(a, 2);
        assertThat(small.allocationAt(a).state()).isEqualTo(Allocation.State.QUARANTINED);
        long b = small.malloc(32, 3);
        long c = small.malloc(32, 4);
        small.free(b, 5);
        small.free(c, 6); // 96 bytes > 64: a leaves the quarantine
        assertThat(small.allocationAt(a)).isNull();
        assertThat(small.stats().quarantinedAllocations()).isEqualTo(2);
      }
    }
  }

  @Nested
  class CSemantics {
    @Test
    void mallocZeroGivesAUniqueFreeablePointerThatNothingMayTouch() {
      long a = memory.malloc(0, 1);
      long b = memory.malloc(0, 1);

      assertThat(a).isNotZero().isNotEqualTo(b);
      assertThat(violationOf(() -> memory.load8(a)).kind())
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      memory.free(a, 2);
      memory.free(b, 2);
    }

    @Test
    void sizesAreUnsignedAndImpossibleOnesReturnNull() {
      assertThat(memory.malloc(-1, 0)).isZero();
      assertThat(memory.malloc(HEAP_SIZE + 1, 0)).isZero();
      assertThat(memory.calloc(1L << 33, 1L << 33, 0)).isZero();
      assertThat(memory.calloc(-1, 2, 0)).isZero();
      assertThat(memory.alignedAlloc(48, 16, 0)).isZero();
      assertThat(memory.alignedAlloc(0, 16, 0)).isZero();
      assertThat(memory.stats().liveAllocations()).isZero();
    }

    @Test
    void exhaustingTheHeapReturnsNullAndFreeingRecovers() {
      List<Long> blocks = new ArrayList<>();
      long p;
      while ((p = memory.malloc(4096, 0)) != 0) {
        blocks.add(p);
      }
      assertThat(blocks).hasSize((int) (HEAP_SIZE / 4096));
      blocks.forEach(b -> memory.free(b, 0));
      // The quarantine is emptied rather than failing an allocation that fits.
      assertThat(memory.malloc(HEAP_SIZE, 0)).isNotZero();
    }

    @Test
    void callocZeroesReusedMemory() {
      try (GuestMemory m = standard().quarantineBytes(0).build()) {
        long p = m.malloc(256, 0);
        m.fill(p, 0x5A, 256);
        m.free(p, 0);
        long q = m.calloc(16, 16, 0);
        assertThat(m.layout().address(q)).isEqualTo(m.layout().address(p));
        byte[] bytes = new byte[256];
        m.copyOut(q, bytes, 0, 256);
        assertThat(bytes).containsOnly(0);
      }
    }

    @Test
    void alignedAllocationIsAligned() {
      for (long alignment = 1; alignment <= 1 << 16; alignment <<= 1) {
        long p = memory.alignedAlloc(alignment, 100, 0);
        assertThat(memory.layout().address(p) % alignment).as("alignment " + alignment).isZero();
        memory.store8(p + 99, 1);
        memory.free(p, 0);
      }
    }

    @Test
    void reallocShrinksInPlaceKeepingThePointer() {
      long p = memory.malloc(200, 1);
      memory.store8(p + 99, 7);

      long q = memory.realloc(p, 100, 2);

      assertThat(q).isEqualTo(p);
      assertThat(memory.load8(q + 99)).isEqualTo((byte) 7);
      assertThat(violationOf(() -> memory.load8(q + 100)).kind())
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }

    @Test
    void reallocGrowsInPlaceWhenTheNextGranulesAreFree() {
      long p = memory.malloc(40, 1);

      long q = memory.realloc(p, 4000, 2);

      assertThat(q).isEqualTo(p);
      memory.store8(q + 3999, 1);
    }

    @Test
    void reallocMovesWhenBlockedAndTheOldPointerBecomesAUseAfterFree() {
      long p = memory.malloc(40, 1);
      long blocker = memory.malloc(40, 1);
      memory.copyIn(p, new byte[] {1, 2, 3, 4}, 0, 4);

      long q = memory.realloc(p, 4000, 2);

      assertThat(q).isNotEqualTo(p).isNotZero();
      assertThat(memory.load32(q)).isEqualTo(0x0403_0201);
      Violation v = violationOf(() -> memory.load8(p));
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.allocation().freeSite()).isEqualTo(2);
      memory.free(blocker, 0);
    }

    @Test
    void reallocOfNullIsMallocAndToZeroIsFree() {
      long p = memory.realloc(0, 10, 1);
      assertThat(p).isNotZero();

      assertThat(memory.realloc(p, 0, 2)).isZero();

      assertThat(memory.allocationAt(p).state()).isEqualTo(Allocation.State.QUARANTINED);
    }

    @Test
    void aFailedReallocLeavesTheBlockAlone() {
      long p = memory.malloc(10, 1);
      memory.store8(p, 9);

      assertThat(memory.realloc(p, HEAP_SIZE + 1, 2)).isZero();
      assertThat(memory.realloc(p, -5, 2)).isZero();

      assertThat(memory.load8(p)).isEqualTo((byte) 9);
      assertThat(memory.allocationAt(p).size()).isEqualTo(10);
    }

    @Test
    void freeOfNullDoesNothing() {
      memory.free(0, 1);
      assertThat(memory.stats().quarantinedAllocations()).isZero();
    }
  }

  @Nested
  class BulkCopies {
    @Test
    void copiesInOutAndWithinAreCheckedAsOneAccess() {
      long p = memory.malloc(100, 1);
      byte[] data = new byte[100];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }
      memory.copyIn(p, data, 0, 100);
      memory.copy(p + 10, p, 50);
      byte[] back = new byte[100];
      memory.copyOut(p, back, 0, 100);
      assertThat(back[10]).isEqualTo((byte) 0);
      assertThat(back[59]).isEqualTo((byte) 49);

      assertThat(violationOf(() -> memory.copyIn(p + 1, data, 0, 100)).kind())
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(violationOf(() -> memory.copy(RAM, p, 101)).kind())
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      memory.copy(RAM, p, 100);
      assertThat(memory.load8(RAM + 99)).isEqualTo((byte) 99);
    }

    @Test
    void segmentsCopyToo() {
      long p = memory.malloc(16, 1);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment in = arena.allocate(16).fill((byte) 3);
        memory.copyIn(p, in);
        MemorySegment out = arena.allocate(16);
        memory.copyOut(p, out);
        assertThat(out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(3);
        assertThat(violationOf(() -> memory.copyOut(p, arena.allocate(17))).kind())
            .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      }
    }

    @Test
    void aCopyStraddlingRegionsIsRefusedAndWritesNothing() {
      memory.store8(RAM - 1 + 0x1000, 0);
      Violation v = violationOf(() -> memory.fill(HEAP - 8, 1, 16));
      assertThat(v.kind()).isEqualTo(ViolationKind.TAG_MISMATCH);
      assertThat(memory.load64(HEAP - 8)).isZero();
      assertThat(violationOf(() -> memory.fill(RAM - 8, 1, 16)).kind())
          .isEqualTo(ViolationKind.READ_ONLY_WRITE);
      assertThat(violationOf(() -> memory.copyIn(SIZE - 4, new byte[8], 0, 8)).kind())
          .isEqualTo(ViolationKind.UNMAPPED);
    }

    @Test
    void hostMisuseThrowsTheDocumentedExceptions() {
      assertThatThrownBy(() -> memory.copy(RAM, RAM, -1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> memory.fill(RAM, 0, -3))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
      assertThatThrownBy(() -> memory.copyIn(RAM, new byte[4], 2, 3))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> memory.copyOut(RAM, new byte[4], 0, -1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> memory.copy(RAM, RAM, Long.MAX_VALUE))
          .isInstanceOf(MemoryViolationException.class);
      memory.copy(0, 0, 0); // zero lengths touch nothing, anywhere
    }
  }

  @Nested
  class ViolationHandling {
    @Test
    void aHandlerThatReturnsLetsTheGuestContinueWithoutEffect() {
      List<Violation> seen = new ArrayList<>();
      try (GuestMemory m = standard().violationHandler(seen::add).build()) {
        long p = m.malloc(8, 1);
        m.store64(p, 5);

        assertThat(m.load64(p + 8)).isZero();
        m.store64(p + 1, -1);
        m.free(p + 8, 2);
        m.free(p, 3);
        m.free(p, 4);
        assertThat(m.realloc(p, 10, 5)).isZero();

        assertThat(seen).extracting(Violation::kind).containsExactly(
            ViolationKind.HEAP_BUFFER_OVERFLOW, ViolationKind.HEAP_BUFFER_OVERFLOW,
            ViolationKind.INVALID_FREE, ViolationKind.DOUBLE_FREE, ViolationKind.DOUBLE_FREE);
        assertThat(seen.get(4).access()).isEqualTo(AccessKind.REALLOC);
        assertThat(m.physical().get(java.lang.foreign.ValueLayout.JAVA_LONG, m.layout().address(p)))
            .isEqualTo(5);
      }
    }

    @Test
    void reportsReadLikeAsan() {
      long p = memory.malloc(16, 0x1111);
      memory.free(p, 0x2222);

      Violation v = violationOf(() -> memory.load32(p + 4));

      assertThat(v.describe()).contains("heap-use-after-free", "READ of 4 bytes",
          "4 bytes inside", "allocated at 0x1111", "freed at 0x2222");
    }
  }

  @Nested
  class Modes {
    @Test
    void uncheckedAccessesSkipTheChecksButNotTheEndOfMemory() {
      try (GuestMemory m = standard().mode(CheckMode.UNCHECKED).build()) {
        long p = m.malloc(8, 1);
        m.store64(p + 8, 3); // an overflow nobody checks
        assertThat(m.load64(p + 8)).isEqualTo(3);
        m.store8(ROM, 1);
        Violation v = violationOf(() -> m.load64(SIZE - 4));
        assertThat(v.kind()).isEqualTo(ViolationKind.UNMAPPED);
        assertThat(violationOf(() -> m.copyIn(SIZE - 1, new byte[2], 0, 2)).kind())
            .isEqualTo(ViolationKind.UNMAPPED);
        // The allocator still validates frees.
        m.free(p, 2);
        assertThat(violationOf(() -> m.free(p, 3)).kind()).isEqualTo(ViolationKind.DOUBLE_FREE);
      }
    }

    @Test
    void narrowTagsWork() {
      try (GuestMemory m = standard().layout(PointerLayout.withTagBits(4)).build()) {
        Set<Integer> tags = new HashSet<>();
        for (int i = 0; i < 200; i++) {
          long p = m.malloc(8, 0);
          tags.add(m.layout().tag(p));
          m.store64(p, i);
        }
        assertThat(tags).allMatch(t -> t >= 1 && t <= 15);
      }
    }
  }

  @Nested
  class Configuration {
    @Test
    void badRegionsAreRefusedWithTheValue() {
      assertThatThrownBy(() -> GuestMemory.builder().size(SIZE).ram(0x1001, 4096))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1001");
      assertThatThrownBy(() -> GuestMemory.builder().size(SIZE).ram(0, 8192).ram(4096, 4096)
          .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
      assertThatThrownBy(() -> GuestMemory.builder().size(SIZE).ram(SIZE - 4096, 8192).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
      assertThatThrownBy(() -> GuestMemory.builder().size(SIZE).heap(0, 4096).heap(4096, 4096)
          .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one heap");
      assertThatThrownBy(() -> GuestMemory.builder().size(100))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
      assertThatThrownBy(() -> GuestMemory.builder().layout(PointerLayout.withTagBits(16))
          .size(1L << 49).build()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("48 address bits");
      assertThatThrownBy(() -> GuestMemory.builder().build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
    }

    @Test
    void noHeapMeansMallocReturnsNull() {
      try (GuestMemory m = GuestMemory.builder().size(8192).ram(0, 8192).build()) {
        assertThat(m.malloc(1, 0)).isZero();
        assertThat(m.heap()).isNull();
        assertThat(violationOf(() -> m.free(m.layout().pointer(1, 64), 0)).kind())
            .isEqualTo(ViolationKind.INVALID_FREE);
      }
    }

    @Test
    void closedMemoryThrowsIllegalState() {
      GuestMemory m = standard().build();
      long p = m.malloc(8, 0);
      m.close();
      m.close();
      assertThatThrownBy(() -> m.malloc(8, 0)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> m.load8(p)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> m.load8(RAM)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Teardown {
    @Test
    void leaksListLiveAllocationsWithTheirSites() {
      long a = memory.malloc(10, 0xA);
      long b = memory.malloc(20, 0xB);
      memory.free(memory.malloc(30, 0xC), 0xD);

      LeakReport leaks = memory.leaks();

      assertThat(leaks.allocations()).extracting(Allocation::pointer).containsExactly(a, b);
      assertThat(leaks.bytes()).isEqualTo(30);
      assertThat(leaks.describe()).contains("30 bytes leaked in 2 allocations", "0xa", "0xb");
    }

    @Test
    void statsCountMetadata() {
      HeapStats stats = memory.stats();
      assertThat(stats.heapBytes()).isEqualTo(HEAP_SIZE);
      assertThat(stats.shadowBytes()).as("two ints per 32-byte granule").isEqualTo(HEAP_SIZE / 4);
      assertThat(stats.freeBytes()).isEqualTo(HEAP_SIZE);
    }
  }
}

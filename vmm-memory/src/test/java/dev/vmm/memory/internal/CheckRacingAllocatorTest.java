package dev.vmm.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The lock-free check racing the allocator, replayed step by step on one thread. A scalar access
 * reads one access word, so nothing can come between two of its loads; what is replayed here is
 * what that word means and the bulk check's steps (the epoch, each granule's word, the epoch
 * again), with the allocator calls that race them run between two steps. The quarantine is empty
 * unless a test says otherwise, so a free reaches the free lists (and its granules the next
 * allocation) at once.
 */
class CheckRacingAllocatorTest {
  static final long HEAP = 0x10000;

  private final List<Violation> seen = new ArrayList<>();
  private final List<GuestMemory> memories = new ArrayList<>();

  @AfterEach
  void close() {
    memories.forEach(GuestMemory::close);
  }

  private CheckedGuestMemory memory(PointerLayout layout, long quarantineBytes) {
    var memory = (CheckedGuestMemory) GuestMemory.builder().size(2 * HEAP).heap(HEAP, HEAP)
        .layout(layout).quarantineBytes(quarantineBytes).tagSeed(1)
        .violationHandler(seen::add).build();
    memories.add(memory);
    return memory;
  }

  /** The bulk check's reader of a range of granules, between its steps. */
  private static final class Reader {
    final Shadow shadow;
    final PointerLayout layout;
    final long pointer;
    final long epoch;
    final List<Integer> words = new ArrayList<>();

    /** Step 1: the epoch, before any word. */
    Reader(TaggedHeap heap, PointerLayout layout, long pointer) {
      this.shadow = heap.shadow;
      this.layout = layout;
      this.pointer = pointer;
      this.epoch = shadow.epochAcquire();
    }

    /** Step 2, once per granule: the next granule's word. */
    Reader loadWord() {
      long granule = (layout.address(pointer) - HEAP >>> Shadow.GRANULE_SHIFT) + words.size();
      words.add(Shadow.wordOpaque(shadow.words, (int) granule));
      return this;
    }

    /**
     * Whether the words loaded admit a range of {@code n} bytes that ends in the last of them: the
     * first whole, the others continuing, the last valid up to the range's end.
     */
    boolean wordsAdmit(int n) {
      int tag = layout.tag(pointer);
      int last = words.size() - 1;
      int end = (int) ((layout.address(pointer) + n - 1) & (Shadow.GRANULE_SIZE - 1)) + 1;
      boolean admitted = true;
      for (int i = 0; i < last; i++) {
        admitted &= Shadow.admits(words.get(i), Shadow.expected(tag, Shadow.GRANULE_SIZE + 1));
      }
      return admitted && Shadow.admits(words.get(last), Shadow.expected(tag, end));
    }

    /** Step 3: whether the reader may trust the words. */
    boolean valid() {
      return shadow.epochUnchanged(epoch);
    }
  }

  /** Whether {@code word} admits a scalar access of {@code n} bytes at {@code pointer}. */
  private static boolean scalarAdmits(int word, PointerLayout layout, long pointer, int n) {
    int end = (int) (layout.address(pointer) & (Shadow.GRANULE_SIZE - 1)) + n;
    return Shadow.admits(word, Shadow.expected(layout.tag(pointer), end));
  }

  @Nested
  class OneGranule {
    @Test
    void aWordAdmitsOnlyItsOwnTagAndReach() {
      PointerLayout layout = PointerLayout.DEFAULT;
      long p = layout.pointer(5, HEAP); // the access's granule starts at HEAP
      int last20 = Shadow.word(5, 20);
      assertThat(scalarAdmits(last20, layout, p, 8)).isTrue();
      assertThat(scalarAdmits(last20, layout, p + 12, 8)).as("bytes 12..19").isTrue();
      assertThat(scalarAdmits(last20, layout, p + 13, 8)).as("one byte too far").isFalse();
      int lastFull = Shadow.word(5, 32);
      assertThat(scalarAdmits(lastFull, layout, p + 31, 1)).isTrue();
      assertThat(scalarAdmits(lastFull, layout, p + 28, 8)).as("past the allocation").isFalse();
      assertThat(scalarAdmits(lastFull, layout, layout.pointer(4, HEAP), 1)).as("tag below")
          .isFalse();
      assertThat(scalarAdmits(lastFull, layout, layout.pointer(6, HEAP), 1)).as("tag above")
          .isFalse();
      assertThat(scalarAdmits(Shadow.word(6, 0), layout, p, 1)).as("next tag, empty").isFalse();
      assertThat(scalarAdmits(0, layout, HEAP, 1)).as("a free granule, untagged").isFalse();
      int max = Shadow.word(0xFFFF, 40);
      assertThat(scalarAdmits(max, layout, layout.pointer(0xFFFF, HEAP + 31), 8)).isTrue();
      assertThat(scalarAdmits(max, layout, layout.pointer(0xFFFE, HEAP + 31), 8)).isFalse();
    }

    @Test
    void aReachPastTheGranuleAdmitsAccessesCrossingIntoTheNextAsFarAsItGoes() {
      PointerLayout layout = PointerLayout.DEFAULT;
      long p = layout.pointer(5, HEAP);
      int fourMore = Shadow.word(5, 36); // the allocation's next granule is its last, 4 bytes
      assertThat(scalarAdmits(fourMore, layout, p + 28, 8)).as("bytes 28..35").isTrue();
      assertThat(scalarAdmits(fourMore, layout, p + 29, 8)).as("bytes 29..36").isFalse();
      assertThat(scalarAdmits(fourMore, layout, p + 31, 1)).isTrue();
    }

    @Test
    void aFreeClearsTheWordsAtOnceWithoutMovingTheEpoch() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 1 << 12);
      long a = memory.malloc(64, 1);
      long epoch = memory.heap.shadow.epochAcquire();
      int tag = PointerLayout.DEFAULT.tag(a);
      assertThat(memory.heap.shadow.words[0]).isEqualTo(Shadow.word(tag, 40));
      assertThat(memory.heap.shadow.words[1]).isEqualTo(Shadow.word(tag, 32));

      memory.free(a, 2); // quarantined: the granules stay the allocation's until evicted

      assertThat(memory.heap.shadow.words[0]).isZero();
      assertThat(memory.heap.shadow.words[1]).isZero();
      assertThat(memory.heap.shadow.epochUnchanged(epoch)).isTrue();
      memory.load8(a);
      assertThat(seen).extracting(Violation::kind)
          .containsExactly(ViolationKind.HEAP_USE_AFTER_FREE);
    }

    @Test
    void eachWordReachesToTheAllocationsEndOrEightBytesPastItsGranule() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(100, 1);
      int tag = PointerLayout.DEFAULT.tag(a);
      assertThat(memory.heap.shadow.words).startsWith(Shadow.word(tag, 40), Shadow.word(tag, 40),
          Shadow.word(tag, 36), Shadow.word(tag, 4), 0);

      assertThat(memory.realloc(a, 70, 2)).as("shrinks in place").isEqualTo(a);
      assertThat(memory.heap.shadow.words).startsWith(Shadow.word(tag, 40), Shadow.word(tag, 38),
          Shadow.word(tag, 6), 0);
      assertThat(memory.realloc(a, 20, 2)).isEqualTo(a);
      assertThat(memory.heap.shadow.words).startsWith(Shadow.word(tag, 20), 0, 0);
      long zero = memory.malloc(0, 3);
      assertThat(memory.heap.shadow.words[1]).as("malloc(0) admits nothing")
          .isEqualTo(Shadow.word(PointerLayout.DEFAULT.tag(zero), 0));
    }
  }

  @Nested
  class AcrossGranules {
    /**
     * The race the epoch exists for: a bulk range over three granules. The reader loads the first
     * two words, of allocation A; then A is freed (and, with no quarantine, its memory returned at
     * once), and another allocation with A's tag takes the second and third granules; then the
     * reader loads the third word, of the new allocation. Each word is exact and each pair of
     * neighbours is continuous, yet no state of the heap held the whole range. Tags are 4 bits so
     * that the allocator draws A's tag again within a few tries.
     */
    @Test
    void aRangeIsRefusedWhenAnotherAllocationWithTheSameTagTakesItsEnd() {
      PointerLayout layout = PointerLayout.withTagBits(4);
      CheckedGuestMemory memory = memory(layout, 0);
      long a = memory.malloc(96, 1);
      Reader reader = new Reader(memory.heap, layout, a + 8).loadWord().loadWord();

      memory.free(a, 2);
      long[] sameTag = allocateFromSecondGranuleWithTag(memory, layout, layout.tag(a));

      reader.loadWord();
      assertThat(reader.wordsAdmit(80)).as("A's first words with B's last admit it").isTrue();
      assertThat(reader.valid()).as("but the epoch moved").isFalse();

      memory.fill(a + 8, 0, 80); // the whole check, slow path included
      assertThat(seen).as("allowed by no state").hasSize(1);
      assertThat(seen.getFirst().kind()).isEqualTo(ViolationKind.HEAP_BUFFER_UNDERFLOW);
      memory.free(sameTag[0], 3);
      memory.free(sameTag[1], 3);
    }

    /** Allocates C at granule 0 and B at granules 1 and 2, B tagged {@code tag}; returns them. */
    private long[] allocateFromSecondGranuleWithTag(
        CheckedGuestMemory memory, PointerLayout layout, int tag) {
      for (int attempt = 0; attempt < 1000; attempt++) {
        long c = memory.malloc(32, 3);
        long b = memory.malloc(64, 3);
        assertThat(layout.address(c)).isEqualTo(HEAP);
        assertThat(layout.address(b)).isEqualTo(HEAP + 32);
        if (layout.tag(b) == tag) {
          return new long[] {c, b};
        }
        memory.free(b, 3);
        memory.free(c, 3);
      }
      throw new AssertionError("the allocator never drew tag " + tag + " in 1000 tries");
    }

    @Test
    void aScalarAccessCrossingIntoTheNextAllocationIsRefusedByTheFirstGranulesWordAlone() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(32, 1);
      long b = memory.malloc(32, 1);

      assertThat(scalarAdmits(memory.heap.shadow.words[0], PointerLayout.DEFAULT, a + 28, 8))
          .as("A's last granule reaches to A's end, whatever follows").isFalse();
      memory.load64(a + 28);
      assertThat(seen).extracting(Violation::kind)
          .containsExactly(ViolationKind.HEAP_BUFFER_OVERFLOW);
      memory.free(a, 3);
      memory.free(b, 3);
    }

    @Test
    void wordsFromBeforeAndAfterAReallocInPlaceAdmitWhatTheLaterSizeAdmits() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(64, 1);
      Reader reader = new Reader(memory.heap, PointerLayout.DEFAULT, a + 28).loadWord();

      assertThat(memory.realloc(a, 36, 2)).as("same granules, shorter").isEqualTo(a);

      reader.loadWord();
      assertThat(reader.valid()).as("no granule went back to free space").isTrue();
      assertThat(reader.wordsAdmit(8)).as("bytes 28..35 are inside 36").isTrue();
      Reader past = new Reader(memory.heap, PointerLayout.DEFAULT, a + 29).loadWord().loadWord();
      assertThat(past.wordsAdmit(8)).as("bytes 29..36 are not").isFalse();

      assertThat(memory.load64(a + 28)).as("the scalar check agrees").isZero();
      memory.load64(a + 29);
      assertThat(seen).extracting(Violation::kind)
          .containsExactly(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }

    @Test
    void anUnrelatedEvictionSendsTheRangeToTheSlowPathWhichAllowsIt() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(64, 1);
      long other = memory.malloc(32, 1);
      Reader reader = new Reader(memory.heap, PointerLayout.DEFAULT, a + 30).loadWord();

      memory.free(other, 2);

      reader.loadWord();
      assertThat(reader.wordsAdmit(4)).isTrue();
      assertThat(reader.valid()).as("the epoch moved for the other block").isFalse();
      memory.copyIn(a + 30, new byte[] {7, 0, 0, 0}, 0, 4);
      assertThat(memory.load32(a + 30)).isEqualTo(7);
      assertThat(seen).isEmpty();
    }

    @Test
    void aBulkRangeIsExactToTheByteAcrossManyGranules() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(1000, 1);
      memory.fill(a + 1, 0x5A, 999);
      assertThat(memory.load8(a + 999)).isEqualTo((byte) 0x5A);
      assertThat(seen).isEmpty();

      memory.fill(a + 1, 0, 1000);

      assertThat(seen).extracting(Violation::kind)
          .containsExactly(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(memory.load8(a + 1)).as("nothing written").isEqualTo((byte) 0x5A);
    }
  }
}

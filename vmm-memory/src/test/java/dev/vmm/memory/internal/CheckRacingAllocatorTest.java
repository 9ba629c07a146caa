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
 * The lock-free check racing the allocator, replayed step by step on one thread: the reader's steps
 * are the very calls {@link CheckedGuestMemory}'s check makes (the epoch, each granule's access
 * word, {@code admits}, the epoch again), and the allocator calls that race them run between two
 * steps. The quarantine is empty, so a free reaches the free lists (and its granules the next
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

  /** The reader of an access that spans granules, between its steps. */
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

    /** Whether the words loaded admit an access of {@code n} bytes that crosses one boundary. */
    boolean wordsAdmit(int n) {
      int tag = layout.tag(pointer);
      int end = (int) (layout.address(pointer) & (Shadow.GRANULE_SIZE - 1)) + n;
      return Shadow.admits(words.get(0), tag, Shadow.GRANULE_SIZE)
          && Shadow.admits(words.get(1), tag, end - Shadow.GRANULE_SIZE);
    }

    /** Step 3: whether the reader may trust the words. */
    boolean valid() {
      return shadow.epochUnchanged(epoch);
    }
  }

  @Nested
  class OneGranule {
    @Test
    void aWordAdmitsOnlyItsOwnTagAndValidBytes() {
      assertThat(Shadow.admits(Shadow.word(5, 20), 5, 20)).isTrue();
      assertThat(Shadow.admits(Shadow.word(5, 20), 5, 21)).as("one byte too far").isFalse();
      assertThat(Shadow.admits(Shadow.word(5, 32), 5, 1)).isTrue();
      assertThat(Shadow.admits(Shadow.word(5, 32), 4, 1)).as("tag below").isFalse();
      assertThat(Shadow.admits(Shadow.word(5, 32), 6, 1)).as("tag above").isFalse();
      assertThat(Shadow.admits(Shadow.word(6, 0), 5, 32)).as("next tag, nothing valid").isFalse();
      assertThat(Shadow.admits(Shadow.word(6, 1), 5, 40)).as("next tag, crossing end").isFalse();
      assertThat(Shadow.admits(Shadow.word(5, 32), 5, 33)).as("crosses the granule").isFalse();
      assertThat(Shadow.admits(0, 0, 1)).as("a free granule, untagged").isFalse();
      assertThat(Shadow.admits(Shadow.word(0xFFFF, 32), 0xFFFF, 32)).isTrue();
    }

    @Test
    void aFreeClearsTheWordsAtOnceWithoutMovingTheEpoch() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 1 << 12);
      long a = memory.malloc(64, 1);
      long epoch = memory.heap.shadow.epochAcquire();
      int tag = PointerLayout.DEFAULT.tag(a);
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
    void theLastGranuleHoldsExactlyTheValidBytes() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(45, 1);
      int tag = PointerLayout.DEFAULT.tag(a);
      assertThat(memory.heap.shadow.words[0]).isEqualTo(Shadow.word(tag, 32));
      assertThat(memory.heap.shadow.words[1]).isEqualTo(Shadow.word(tag, 13));

      assertThat(memory.realloc(a, 40, 2)).as("shrinks in place").isEqualTo(a);
      assertThat(memory.heap.shadow.words[1]).isEqualTo(Shadow.word(tag, 8));
      assertThat(memory.realloc(a, 20, 2)).isEqualTo(a);
      assertThat(memory.heap.shadow.words[0]).isEqualTo(Shadow.word(tag, 20));
      assertThat(memory.heap.shadow.words[1]).as("released").isZero();
      long zero = memory.malloc(0, 3);
      assertThat(memory.heap.shadow.words[1]).as("malloc(0) admits nothing")
          .isEqualTo(Shadow.word(PointerLayout.DEFAULT.tag(zero), 0));
    }
  }

  @Nested
  class AcrossGranules {
    /**
     * The race the epoch exists for: between the reader's two word loads, the allocation under the
     * first granule is freed (and, with no quarantine, its memory returned at once), and a new
     * allocation with the same tag takes the second granule. The two words, each exact, together
     * admit an access no state of the heap allowed. Tags are 4 bits so that the allocator draws the
     * old tag again within a few tries.
     */
    @Test
    void anAccessIsRefusedWhenAnotherAllocationWithTheSameTagTakesTheSecondGranule() {
      PointerLayout layout = PointerLayout.withTagBits(4);
      CheckedGuestMemory memory = memory(layout, 0);
      long a = memory.malloc(64, 1);
      long crossing = a + 28; // 8 bytes: 4 in granule 0, 4 in granule 1
      Reader reader = new Reader(memory.heap, layout, crossing).loadWord();

      memory.free(a, 2);
      long[] sameTag = allocateSecondGranuleWithTag(memory, layout, layout.tag(a));

      reader.loadWord();
      assertThat(reader.wordsAdmit(8)).as("A's first word with B's second admit it").isTrue();
      assertThat(reader.valid()).as("but the epoch moved").isFalse();

      memory.load64(crossing); // the whole check, slow path included
      assertThat(seen).as("allowed by no state").hasSize(1);
      assertThat(seen.getFirst().kind()).isNotEqualTo(ViolationKind.TAG_MISMATCH)
          .isIn(ViolationKind.HEAP_USE_AFTER_FREE, ViolationKind.HEAP_BUFFER_UNDERFLOW);
      memory.free(sameTag[0], 3);
      memory.free(sameTag[1], 3);
    }

    /** Allocates C at granule 0 and B at granule 1, B tagged {@code tag}; returns C and B. */
    private long[] allocateSecondGranuleWithTag(
        CheckedGuestMemory memory, PointerLayout layout, int tag) {
      for (int attempt = 0; attempt < 1000; attempt++) {
        long c = memory.malloc(32, 3);
        long b = memory.malloc(32, 3);
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

      memory.load64(a + 29);
      assertThat(seen).extracting(Violation::kind)
          .containsExactly(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }

    @Test
    void anUnrelatedEvictionSendsTheAccessToTheSlowPathWhichAllowsIt() {
      CheckedGuestMemory memory = memory(PointerLayout.DEFAULT, 0);
      long a = memory.malloc(64, 1);
      long other = memory.malloc(32, 1);
      Reader reader = new Reader(memory.heap, PointerLayout.DEFAULT, a + 30).loadWord();

      memory.free(other, 2);

      reader.loadWord();
      assertThat(reader.wordsAdmit(4)).isTrue();
      assertThat(reader.valid()).as("the epoch moved for the other block").isFalse();
      memory.store32(a + 30, 7);
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

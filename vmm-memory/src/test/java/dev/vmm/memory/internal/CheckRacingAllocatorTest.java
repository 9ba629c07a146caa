package dev.vmm.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock-free check racing the allocator, replayed step by step on one thread: the reader's steps
 * are the very calls {@link CheckedGuestMemory}'s check makes (shadow, table, {@code readBegin},
 * limit, key, {@code readValid}), and the allocator calls that race them run between two steps.
 * The quarantine is empty, so a free reaches the free lists (and the entry id its reuse) at once.
 */
class CheckRacingAllocatorTest {
  static final long HEAP = 0x10000;
  static final long MASK = (1L << 48) - 1;

  private final List<Violation> seen = new ArrayList<>();
  private final CheckedGuestMemory memory = (CheckedGuestMemory) GuestMemory.builder()
      .size(2 * HEAP).heap(HEAP, HEAP).quarantineBytes(0).tagSeed(1)
      .violationHandler(seen::add).build();
  private final TaggedHeap heap = memory.heap;

  @AfterEach
  void close() {
    memory.close();
  }

  /** The reader's state between its steps. */
  private final class Reader {
    final int id;
    final long[] meta;
    final long seq;
    final long limit;
    long key;

    /**
     * Steps 1 and 2 for an access at {@code address}: the shadow's id, the table, the entry's
     * sequence and limit. The pointer's tag first matters at the key compare.
     */
    Reader(long address) {
      id = heap.shadow.ownerAcquire((int) ((address - HEAP) >>> Shadow.GRANULE_SHIFT));
      meta = heap.table.metaAcquire();
      seq = AllocationTable.readBegin(meta, id);
      limit = AllocationTable.readLimit(meta, id);
    }

    /** Step 3: the key. */
    Reader loadKey() {
      key = AllocationTable.readKey(meta, id);
      return this;
    }

    /** What the check compared before the fix, key and limit alone: would they admit it. */
    boolean admitsWithoutValidation(long pointer, int n) {
      long offset = pointer - key;
      return offset >= 0 && offset <= limit - n;
    }

    /** Step 4: whether the check may trust what it read. */
    boolean valid() {
      return AllocationTable.readValid(meta, id, seq);
    }
  }

  @Test
  void anUntaggedPointerIsRefusedWhenAFreeEvictsTheEntryBetweenLimitAndKey() {
    long a = memory.malloc(4096, 1);
    long untagged = (a & MASK) + 100;
    Reader reader = new Reader(untagged);
    assertThat(reader.limit).as("A's live limit").isEqualTo(4096);

    memory.free(a, 2); // evicted at once: the entry becomes the heap's free block, key = its base

    reader.loadKey();
    assertThat(reader.key).as("the free block's key, tag 0").isEqualTo(HEAP);
    assertThat(reader.admitsWithoutValidation(untagged, 1)).as("the torn pair admits it").isTrue();
    assertThat(reader.valid()).as("but the sequence moved").isFalse();

    memory.store8(untagged, 1); // the whole check, slow path included
    assertThat(seen).extracting(Violation::kind).containsExactly(ViolationKind.TAG_MISMATCH);
  }

  @Test
  void anOverflowIsRefusedWhenTheEntryIsReusedAtTheSameBaseBetweenLimitAndKey() {
    long a = memory.malloc(4096, 1);
    long b = memory.malloc(4096, 1);
    long d = memory.malloc(4096, 1);
    Reader reader = new Reader((a & MASK) + 1000);
    assertThat(reader.limit).as("A's live limit").isEqualTo(4096);

    memory.free(a, 2); // A's entry becomes a free block
    memory.free(b, 2); // merged with B's: A's entry retired
    long c = memory.malloc(32, 1); // takes the retired entry, at A's base
    assertThat(heap.shadow.owner(0)).as("C reuses A's entry").isEqualTo(reader.id);
    assertThat(c & MASK).as("at A's base").isEqualTo(a & MASK);
    long overflow = c + 1000;
    assertThat(new Reader(overflow & MASK).id).as("the shadow past C's end still names it")
        .isEqualTo(reader.id);

    reader.loadKey();
    assertThat(reader.key).as("C's key").isEqualTo(c);
    assertThat(reader.admitsWithoutValidation(overflow, 1))
        .as("A's limit with C's key admits 968 bytes past C").isTrue();
    assertThat(reader.valid()).as("but the sequence moved").isFalse();

    memory.store8(overflow, 1);
    memory.store8(c + 31, 1);
    assertThat(seen).extracting(Violation::kind)
        .containsExactly(ViolationKind.HEAP_BUFFER_OVERFLOW);
    memory.free(c, 3);
    memory.free(d, 3);
  }

  @Test
  void aReaderThatNoAllocatorCallRacedTrustsWhatItRead() {
    long a = memory.malloc(64, 1);
    Reader reader = new Reader((a & MASK) + 8).loadKey();
    assertThat(reader.valid()).isTrue();
    assertThat(reader.admitsWithoutValidation(a + 8, 8)).isTrue();
  }

  @Test
  void aFreeThatOnlyQuarantinesStillMovesTheSequence() {
    try (GuestMemory quarantined = GuestMemory.builder().size(2 * HEAP).heap(HEAP, HEAP)
        .violationHandler(seen::add).build()) {
      TaggedHeap h = ((CheckedGuestMemory) quarantined).heap;
      long a = quarantined.malloc(64, 1);
      int id = h.shadow.ownerAcquire(0);
      long[] meta = h.table.metaAcquire();
      long seq = AllocationTable.readBegin(meta, id);

      quarantined.free(a, 2);

      assertThat(AllocationTable.readValid(meta, id, seq)).isFalse();
      assertThat(AllocationTable.readLimit(meta, id)).as("freed: negative").isNegative();
    }
  }

  /**
   * Growth (bug M2 of the review) is a publication order, not an interleaving: what went wrong was
   * a reader seeing the new array before the values copied into it, which a single thread cannot
   * replay and x86 never shows. What can be specified: after growth, readers that load the table
   * as the check does find every older entry's values in the new array and may trust them, and a
   * reader still holding the old array reads a frozen, consistent snapshot as of the growth.
   */
  @Test
  void growthKeepsOlderEntriesReadableInBothArrays() {
    long first = memory.malloc(32, 1);
    int id = heap.shadow.ownerAcquire(0);
    long[] before = heap.table.metaAcquire();
    long seqBefore = AllocationTable.readBegin(before, id);
    List<Long> more = new ArrayList<>();
    while (heap.table.metaAcquire() == before) {
      more.add(memory.malloc(32, 1));
    }
    long[] after = heap.table.metaAcquire();
    long seq = AllocationTable.readBegin(after, id);
    assertThat(AllocationTable.readKey(after, id)).isEqualTo(first);
    assertThat(AllocationTable.readLimit(after, id)).isEqualTo(32);
    assertThat(AllocationTable.readValid(after, id, seq)).isTrue();
    assertThat(AllocationTable.readKey(before, id)).isEqualTo(first);
    assertThat(AllocationTable.readValid(before, id, seqBefore)).isTrue();
    assertThat(memory.load8(first + 31)).isZero();
    assertThat(seen).isEmpty();
    more.forEach(p -> memory.free(p, 2));
  }
}

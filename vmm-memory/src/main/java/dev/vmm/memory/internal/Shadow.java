package dev.vmm.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The heap's shadow: two {@code int}s per {@value #GRANULE_SIZE}-byte granule, one for the access
 * checks and one for the allocator (8 bytes per 32: 25% of the heap).
 *
 * <h2>Access words: what the checks read</h2>
 *
 * <p>{@link #words} holds, per granule, {@code tag << 8 | validBytes}: the tag of the live
 * allocation that owns the granule and how many of its bytes, counted from the granule's start,
 * belong to it (32 in every granule but the allocation's last, {@code size - 32 * (granules - 1)}
 * in the last; allocations start on a granule, so the valid bytes are always a prefix). Granules
 * of quarantined allocations and of free blocks hold 0. An access of {@code n} bytes at offset
 * {@code off} of its granule through a pointer tagged {@code t} is allowed by the word {@code w}
 * exactly when {@code ((w - (t << 8 | (off + n))) & ~31) == 0}: the difference lies in
 * {@code [0, 31]} only if the tags are equal (any other tag moves it by at least
 * {@code 256 - 40}) and {@code off + n <= validBytes} (else it is negative). A word with 0 valid
 * bytes, which every non-live granule has, admits nothing. The word is self-contained, one
 * {@code int}, read in one load: nothing can tear, so an access inside one granule is allowed only
 * by a value some allocator call wrote, that is, by a state of the heap.
 *
 * <p>An access that spans granules (a scalar one crossing a granule boundary, or a bulk range) reads
 * several words, which could come from different moments. It reads {@link #epoch} (acquire) before
 * them and again after them (behind an acquire fence), and trusts them only if it did not move.
 * The epoch moves (release) each time granules go back to free space: a quarantined allocation
 * evicted, the tail of a shrinking realloc released. Why that suffices: the words it read all carry
 * the pointer's tag; two different allocations with one tag are never adjacent while both exist
 * (the allocator draws each tag unlike the tags of the allocations beside it, quarantined ones
 * included), so if the words were from two allocations, one of them must have left the heap between
 * the loads, which moves the epoch. Words from one allocation describe it at one size or another
 * (realloc in place), and any mix that passes the check, full granules then a last one, is the
 * allocation at the later size, a state of the heap.
 *
 * <h2>Owner ids: what the allocator and the slow path read</h2>
 *
 * <p>{@link #owners} holds, per granule:
 *
 * <ul>
 *   <li>in a live or quarantined allocation: exactly that allocation's table-entry id, written when
 *       it is allocated and kept until it leaves the quarantine;
 *   <li>in a free block: the block's id in its first and last granule (the allocator coalesces by
 *       reading the granule on each side of a block it frees); anything in between is a stale hint.
 * </ul>
 *
 * <p>Only code holding the heap's lock reads or writes owners, so they are plain. Words are
 * written under the lock with release stores (after the epoch move that made their granules
 * free, so a reader that sees a new word also sees the new epoch) and read without it.
 */
final class Shadow {
  static final int GRANULE_SHIFT = 5;
  static final int GRANULE_SIZE = 1 << GRANULE_SHIFT;
  /** Where the tag sits in an access word. */
  static final int TAG_SHIFT = 8;

  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle EPOCH;

  static {
    try {
      EPOCH = MethodHandles.lookup().findVarHandle(Shadow.class, "epoch", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int[] words;
  final int[] owners;
  @SuppressWarnings("unused") // accessed through EPOCH
  private long epoch;

  Shadow(int granules) {
    words = new int[granules];
    owners = new int[granules];
  }

  int granules() {
    return owners.length;
  }

  /** The access word of a granule: {@code tag << 8 | validBytes} (0 if not live). */
  static int word(int tag, int validBytes) {
    return tag << TAG_SHIFT | validBytes;
  }

  /**
   * Whether access word {@code word} admits, through a pointer tagged {@code tag}, an access of
   * its granule's bytes up to {@code end} (exclusive, 1 to 40 counted from the granule's start):
   * the tags are equal and {@code end <= validBytes}. One subtraction and one test: the difference
   * is in {@code [0, 31]} exactly then (an end past 32 never fits; the access crosses granules).
   */
  static boolean admits(int word, int tag, int end) {
    return ((word - ((tag << TAG_SHIFT) + end)) & ~(GRANULE_SIZE - 1)) == 0;
  }

  // ---- Access words. ----------------------------------------------------------------------

  /**
   * The checks' read of a granule's word in {@code words} (this shadow's {@link #words}): opaque,
   * so that a loop of checks re-reads it each time instead of trusting a stale value forever.
   */
  static int wordOpaque(int[] words, int granule) {
    return (int) INTS.getOpaque(words, granule);
  }

  /**
   * Writes the words of a live allocation of {@code size} bytes tagged {@code tag} over granules
   * {@code [from, from + count)}: full granules, then the last one's valid bytes.
   */
  void cover(int from, int count, int tag, long size) {
    int last = from + count - 1;
    int full = word(tag, GRANULE_SIZE);
    for (int g = from; g < last; g++) {
      INTS.setRelease(words, g, full);
    }
    INTS.setRelease(words, last, word(tag, (int) (size - ((long) (count - 1) << GRANULE_SHIFT))));
  }

  /** Clears the words of granules {@code [from, to)}: no access fits them any more. */
  void uncover(int from, int to) {
    for (int g = from; g < to; g++) {
      INTS.setRelease(words, g, 0);
    }
  }

  /** The checks' first read of the epoch, before the words: acquire. */
  long epochAcquire() {
    return (long) EPOCH.getAcquire(this);
  }

  /**
   * The checks' last step after reading several words: true if no granule went back to free space
   * since {@link #epochAcquire} returned {@code epoch}. The acquire fence keeps the word loads
   * before the epoch's re-read and pairs with the release stores of the words.
   */
  boolean epochUnchanged(long epoch) {
    VarHandle.acquireFence();
    return (long) EPOCH.getOpaque(this) == epoch;
  }

  /**
   * Called under the lock when granules go back to free space, after their words were cleared:
   * the release orders those clears before the move, and the words stored later by the allocation
   * that reuses them are stored with release after it.
   */
  void advanceEpoch() {
    EPOCH.setRelease(this, (long) EPOCH.get(this) + 1);
  }

  // ---- Owner ids (under the lock). --------------------------------------------------------

  int owner(int granule) {
    return owners[granule];
  }

  void set(int granule, int id) {
    owners[granule] = id;
  }

  void fill(int from, int to, int id) {
    java.util.Arrays.fill(owners, from, to, id);
  }

  long bytes() {
    return 8L * owners.length;
  }
}

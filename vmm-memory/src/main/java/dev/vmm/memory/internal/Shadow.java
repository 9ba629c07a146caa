package dev.vmm.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The heap's shadow: two {@code int}s per {@value #GRANULE_SIZE}-byte granule, one for the access
 * checks and one for the allocator (8 bytes per 32: 25% of the heap).
 *
 * <h2>Access words: what the checks read</h2>
 *
 * <p>{@link #words} holds, per granule, {@code tag << 7 | reach}: the tag of the live allocation
 * that owns the granule, and how many bytes from the granule's start belong to that allocation
 * without a break, counted up to {@value #GRANULE_SIZE} + {@value #REACH}. In an allocation's
 * last granule the reach is its valid bytes, {@code size - 32 * (granules - 1)} (allocations start
 * on a granule, so they are a prefix); in every other granule it is 32 plus the valid bytes of the
 * next granule, at most {@value #REACH}, the widest scalar access. Granules of quarantined
 * allocations and of free blocks hold 0.
 *
 * <p>A scalar access of {@code n <= 8} bytes at offset {@code off} of its first byte's granule,
 * through a pointer tagged {@code t}, is allowed by that granule's word {@code w} exactly when
 * {@code ((w - (t << 7 | off + n)) & ~63) == 0} ({@link #admits}): with equal tags the difference
 * is {@code reach - (off + n)}, in {@code [0, 39]} when the access ends within the reach and
 * negative when not; any other tag moves it by at least {@code 128 - 39}. So one load, one
 * subtraction and one test decide, also for an access that crosses into the next granule: the
 * reach already says how far the allocation runs on into it. One {@code int} cannot tear and the
 * allocator writes each word to a value that is true of the heap before or after its call, so an
 * allowed scalar access was allowed by a state of the heap.
 *
 * <p>A bulk range over several granules reads every word (each but the last reaching past its
 * granule, the last up to the range's end), which could come from different moments. It reads
 * {@link #epoch} (acquire) before them and again after them (behind an acquire fence), and trusts
 * them only if it did not move. The epoch moves (release) each time granules go back to free
 * space: a quarantined allocation evicted, the tail of a shrinking realloc released. Why that
 * suffices: the words all carry the pointer's tag; two different allocations with one tag are
 * never adjacent while both exist (the allocator draws each tag unlike the tags of the
 * allocations beside it, quarantined ones included), so if the words were from two allocations,
 * one of them must have left the heap between the loads, which moves the epoch. Words from one
 * allocation describe it at one size or another (realloc in place), and any mix that passes, full
 * granules then a last one, is the allocation at the later size, a state of the heap.
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
 * written under the lock with plain stores (one {@code int} each, never torn), clears before the
 * epoch move that frees their granules (a release store), new words after it (behind a
 * store-store fence), so a bulk reader that sees a new word also sees the new epoch. The scalar
 * check reads its word plainly: a thread that has not synchronized with an allocator call has no
 * claim to see its words, every refusal takes the lock (which then shows it everything before),
 * and a plain load lets the JIT keep the check's loop tight (opaque loads measured 10 to 50%
 * slower).
 */
final class Shadow {
  static final int GRANULE_SHIFT = 5;
  static final int GRANULE_SIZE = 1 << GRANULE_SHIFT;
  /** How far past its granule a word's reach counts: the widest scalar access. */
  static final int REACH = 8;
  /** Where the tag sits in an access word. */
  static final int TAG_SHIFT = 7;
  /** The bits of {@code word - expected} that {@link #admits} ignores: a reach to spare. */
  private static final int SPARE = (1 << 6) - 1;

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

  /** An access word. */
  static int word(int tag, int reach) {
    return tag << TAG_SHIFT | reach;
  }

  /**
   * What the word of an access's granule must admit: the pointer's {@code tag} and the access's
   * end, {@code end} bytes from the granule's start (1 to {@code 32 + REACH}).
   */
  static int expected(int tag, int end) {
    return tag << TAG_SHIFT | end;
  }

  /** Whether {@code word} admits the access that expects {@code expected} (see the class doc). */
  static boolean admits(int word, int expected) {
    return ((word - expected) & ~SPARE) == 0;
  }

  // ---- Access words. ----------------------------------------------------------------------

  /** The bulk check's read of a word: opaque, ordered by the epoch reads around it. */
  static int wordOpaque(int[] words, int granule) {
    return (int) INTS.getOpaque(words, granule);
  }

  /**
   * Writes the words of a live allocation of {@code size} bytes tagged {@code tag} over granules
   * {@code [from, from + count)}.
   */
  void cover(int from, int count, int tag, long size) {
    int last = from + count - 1;
    int lastBytes = (int) (size - ((long) (count - 1) << GRANULE_SHIFT));
    Arrays.fill(words, from, Math.max(from, last - 1), word(tag, GRANULE_SIZE + REACH));
    if (count > 1) {
      words[last - 1] = word(tag, GRANULE_SIZE + Math.min(lastBytes, REACH));
    }
    words[last] = word(tag, lastBytes);
  }

  /** Clears the words of granules {@code [from, to)}: no access fits them any more. */
  void uncover(int from, int to) {
    Arrays.fill(words, from, to, 0);
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
   * the release orders those clears before the move, and the store-store fence orders the move
   * before any word stored afterwards, such as those of the allocation that reuses the granules.
   */
  void advanceEpoch() {
    EPOCH.setRelease(this, (long) EPOCH.get(this) + 1);
    VarHandle.storeStoreFence();
  }

  // ---- Owner ids (under the lock). --------------------------------------------------------

  int owner(int granule) {
    return owners[granule];
  }

  void set(int granule, int id) {
    owners[granule] = id;
  }

  void fill(int from, int to, int id) {
    Arrays.fill(owners, from, to, id);
  }

  long bytes() {
    return 8L * owners.length;
  }
}

package dev.vmm.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The allocation table: one entry per live allocation, quarantined allocation or free block of
 * the heap, stored as parallel arrays indexed by entry id (struct of arrays). Entry 0 is reserved:
 * it is what the shadow holds for granules nobody owns, and it never matches.
 *
 * <p>The check reads only {@link #meta}, two longs per entry, next to each other:
 *
 * <ul>
 *   <li>{@code meta[2e]}, the <em>key</em>: {@code tag << addressBits | base}, exactly the pointer
 *       the allocator returned (free blocks: their base, tag 0);
 *   <li>{@code meta[2e + 1]}, the <em>limit</em>: the size in bytes while live, {@code ~size}
 *       (negative) otherwise, so that a freed or free entry fails the check without a state load.
 * </ul>
 *
 * <p>An access of {@code n} bytes through pointer {@code p} is inside live entry {@code e} exactly
 * when {@code 0 <= p - key <= limit - n}: with the tag in the key, that one subtraction compares
 * the tags and locates the address at once, because a live allocation never reaches past bit
 * {@code addressBits} (its base plus size stays inside memory), so {@code key + off} never carries
 * into the tag.
 *
 * <p>Writers hold the heap's lock. Readers (the checks) take no lock: they find {@code e} in the
 * shadow with an acquiring load, then read the {@link #meta} field, then the limit with acquire,
 * then the key. The heap writes an entry before it release-stores its id into the shadow, and
 * grows {@code meta} by copying it and publishing the copy before any new id is stored, so a
 * reader that sees an id sees its entry. A limit only ever becomes non-negative (live) through
 * a release store made after the key is written, so a reader that sees a live limit sees that
 * entry's key, never a previous occupant's: an entry id being reused cannot make a stale shadow
 * value match.
 */
final class AllocationTable {
  static final byte UNUSED = 0;
  static final byte LIVE = 1;
  static final byte QUARANTINED = 2;
  static final byte FREE = 3;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int INITIAL_CAPACITY = 256;

  private final int addressBits;
  private final long addressMask;

  /**
   * Key and limit per entry. Growth copies it into a larger array and publishes the copy with a
   * plain store: the release store of any id beyond the old capacity into the shadow comes after,
   * and readers load the shadow with acquire before they read this field.
   */
  long[] meta;
  long[] allocationSite;
  long[] freeSite;
  /** List links: free-block size-class lists, the quarantine FIFO, the unused-id stack. */
  int[] next;
  int[] prev;
  byte[] state;

  /** The most entries the arrays may hold: meta's length must stay an int. */
  static final int MAX_CAPACITY = 1 << 29;

  private final int maxCapacity;
  private int highWater = 1; // entry 0 is reserved
  private int unusedHead;    // stack of retired ids, linked through next[]
  private int unusedCount;

  AllocationTable(int addressBits) {
    this(addressBits, MAX_CAPACITY);
  }

  /** A table that never holds more than {@code maxCapacity} entries (tests use a small one). */
  AllocationTable(int addressBits, int maxCapacity) {
    this.maxCapacity = maxCapacity;
    this.addressBits = addressBits;
    this.addressMask = (1L << addressBits) - 1;
    allocateArrays(Math.min(INITIAL_CAPACITY, maxCapacity));
    long[] m = meta;
    m[0] = 0;
    m[1] = -1; // entry 0: no access ever fits
  }

  private void allocateArrays(int capacity) {
    meta = new long[2 * capacity];
    allocationSite = new long[capacity];
    freeSite = new long[capacity];
    next = new int[capacity];
    prev = new int[capacity];
    state = new byte[capacity];
  }

  /**
   * Makes sure the next {@code count} calls of {@link #newEntry()} succeed, growing the arrays if
   * needed. Callers reserve before they change anything, so a full table fails an allocation
   * cleanly (it returns NULL) instead of leaving it half done.
   *
   * @return false if the table cannot grow that far
   */
  boolean reserve(int count) {
    while (unusedCount + (state.length - highWater) < count) {
      if (state.length >= maxCapacity) {
        return false;
      }
      grow();
    }
    return true;
  }

  /** Takes an unused entry id ({@link #reserve} first); the entry is UNUSED, limit -1. */
  int newEntry() {
    int id = unusedHead;
    if (id != 0) {
      unusedHead = next[id];
      next[id] = 0;
      unusedCount--;
      return id;
    }
    if (highWater == state.length) {
      throw new IllegalStateException("allocation table entry taken without a reservation");
    }
    id = highWater++;
    meta[2 * id + 1] = -1;
    return id;
  }

  private void grow() {
    int capacity = state.length;
    int bigger = Math.min(capacity * 2, maxCapacity);
    long[] m = Arrays.copyOf(meta, 2 * bigger);
    allocationSite = Arrays.copyOf(allocationSite, bigger);
    freeSite = Arrays.copyOf(freeSite, bigger);
    next = Arrays.copyOf(next, bigger);
    prev = Arrays.copyOf(prev, bigger);
    state = Arrays.copyOf(state, bigger);
    meta = m; // visible to readers through the shadow's release/acquire, see meta
  }

  /** Returns an id to the unused stack; its entry never matches again until reused. */
  void retire(int id) {
    state[id] = UNUSED;
    long[] m = meta;
    LONGS.setRelease(m, 2 * id + 1, -1L);
    m[2 * id] = 0;
    allocationSite[id] = 0;
    freeSite[id] = 0;
    prev[id] = 0;
    next[id] = unusedHead;
    unusedHead = id;
    unusedCount++;
  }

  void setLive(int id, int tag, long base, long size, long site) {
    long[] m = meta;
    m[2 * id] = ((long) tag << addressBits) | base;
    LONGS.setRelease(m, 2 * id + 1, size); // after the key: see the class comment
    allocationSite[id] = site;
    freeSite[id] = 0;
    state[id] = LIVE;
  }

  /** Makes a live entry stop matching at once; its tag, base and size stay readable. */
  void setQuarantined(int id, long site) {
    long[] m = meta;
    LONGS.setRelease(m, 2 * id + 1, ~m[2 * id + 1]);
    freeSite[id] = site;
    state[id] = QUARANTINED;
  }

  /** Changes a live entry's size (realloc in place). */
  void setLiveSize(int id, long size) {
    LONGS.setRelease(meta, 2 * id + 1, size);
  }

  void setFree(int id, long base, long bytes) {
    long[] m = meta;
    m[2 * id] = base;
    LONGS.setRelease(m, 2 * id + 1, ~bytes);
    allocationSite[id] = 0;
    freeSite[id] = 0;
    state[id] = FREE;
  }

  int tag(int id) {
    return (int) (meta[2 * id] >>> addressBits);
  }

  long base(int id) {
    return meta[2 * id] & addressMask;
  }

  long key(int id) {
    return meta[2 * id];
  }

  /** The size in bytes of a live or quarantined allocation, or of a free block. */
  long size(int id) {
    long limit = meta[2 * id + 1];
    return limit >= 0 ? limit : ~limit;
  }

  int highWater() {
    return highWater;
  }

  /** Bytes held by the table's arrays at their current capacity. */
  long bytes() {
    long capacity = state.length;
    return capacity * (16 + 8 + 8 + 4 + 4 + 1);
  }

  int bytesPerEntry() {
    return 16 + 8 + 8 + 4 + 4 + 1;
  }
}

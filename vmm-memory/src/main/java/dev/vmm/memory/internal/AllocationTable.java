package dev.vmm.memory.internal;

import java.util.Arrays;

/**
 * The allocation table: one entry per live allocation, quarantined allocation or free block of
 * the heap, stored as parallel arrays indexed by entry id (struct of arrays). Entry 0 is reserved:
 * it is what the shadow's owner ids hold for granules nobody owns, and it never matches.
 *
 * <p>Per entry: the <em>key</em> {@code tag << addressBits | base} (exactly the pointer the
 * allocator returned; free blocks: their base, tag 0), the <em>limit</em> (the size in bytes while
 * live, {@code ~size} otherwise), the allocation and free sites, list links and the state.
 *
 * <p>Only code holding the heap's lock reads or writes the table: the allocator and the checks'
 * slow path. The checks' fast path never reads it; it reads the shadow's access words, which
 * carry the tag and the valid bytes of each granule themselves (see {@link Shadow}), so entries
 * need no seqlock and no publication order.
 */
final class AllocationTable {
  static final byte UNUSED = 0;
  static final byte LIVE = 1;
  static final byte QUARANTINED = 2;
  static final byte FREE = 3;

  private static final int INITIAL_CAPACITY = 256;

  private final int addressBits;
  private final long addressMask;

  long[] keys;
  long[] limits;
  long[] allocationSite;
  long[] freeSite;
  /** List links: free-block size-class lists, the quarantine FIFO, the unused-id stack. */
  int[] next;
  int[] prev;
  byte[] state;

  /** The most entries the arrays may hold. */
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
    write(0, 0, -1); // entry 0: no access ever fits
  }

  private void allocateArrays(int capacity) {
    keys = new long[capacity];
    limits = new long[capacity];
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
    write(id, 0, -1);
    return id;
  }

  private void grow() {
    int capacity = state.length;
    int bigger = Math.min(capacity * 2, maxCapacity);
    keys = Arrays.copyOf(keys, bigger);
    limits = Arrays.copyOf(limits, bigger);
    allocationSite = Arrays.copyOf(allocationSite, bigger);
    freeSite = Arrays.copyOf(freeSite, bigger);
    next = Arrays.copyOf(next, bigger);
    prev = Arrays.copyOf(prev, bigger);
    state = Arrays.copyOf(state, bigger);
  }

  private void write(int id, long key, long limit) {
    keys[id] = key;
    limits[id] = limit;
  }

  /** Returns an id to the unused stack; its entry never matches again until reused. */
  void retire(int id) {
    state[id] = UNUSED;
    write(id, 0, -1);
    allocationSite[id] = 0;
    freeSite[id] = 0;
    prev[id] = 0;
    next[id] = unusedHead;
    unusedHead = id;
    unusedCount++;
  }

  void setLive(int id, int tag, long base, long size, long site) {
    write(id, ((long) tag << addressBits) | base, size);
    allocationSite[id] = site;
    freeSite[id] = 0;
    state[id] = LIVE;
  }

  /** Quarantines a live entry; its tag, base and size stay readable. */
  void setQuarantined(int id, long site) {
    write(id, key(id), ~size(id));
    freeSite[id] = site;
    state[id] = QUARANTINED;
  }

  /** Changes a live entry's size (realloc in place). */
  void setLiveSize(int id, long size) {
    write(id, key(id), size);
  }

  void setFree(int id, long base, long bytes) {
    write(id, base, ~bytes);
    allocationSite[id] = 0;
    freeSite[id] = 0;
    state[id] = FREE;
  }

  int tag(int id) {
    return (int) (key(id) >>> addressBits);
  }

  long base(int id) {
    return key(id) & addressMask;
  }

  long key(int id) {
    return keys[id];
  }

  /** The size in bytes of a live or quarantined allocation, or of a free block. */
  long size(int id) {
    long limit = limits[id];
    return limit >= 0 ? limit : ~limit;
  }

  int highWater() {
    return highWater;
  }

  /** Bytes held by the table's arrays at their current capacity. */
  long bytes() {
    long capacity = state.length;
    return capacity * bytesPerEntry();
  }

  int bytesPerEntry() {
    return 8 + 8 + 8 + 8 + 4 + 4 + 1;
  }
}

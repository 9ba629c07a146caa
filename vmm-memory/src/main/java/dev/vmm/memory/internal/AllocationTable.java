package dev.vmm.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The allocation table: one entry per live allocation, quarantined allocation or free block of
 * the heap, stored as parallel arrays indexed by entry id (struct of arrays). Entry 0 is reserved:
 * it is what the shadow holds for granules nobody owns, and it never matches.
 *
 * <p>The check reads only {@link #meta}, {@value #STRIDE} longs per entry, next to each other:
 *
 * <ul>
 *   <li>{@code meta[4e + SEQ]}, the <em>sequence</em>: even while the entry is stable, odd while
 *       the allocator rewrites its key and limit (a seqlock; see below);
 *   <li>{@code meta[4e + KEY]}, the <em>key</em>: {@code tag << addressBits | base}, exactly the
 *       pointer the allocator returned (free blocks: their base, tag 0);
 *   <li>{@code meta[4e + LIMIT]}, the <em>limit</em>: the size in bytes while live, {@code ~size}
 *       (negative) otherwise, so that a freed or free entry fails the check without a state load;
 *   <li>{@code meta[4e + 3]}: unused, so that an entry is 32 bytes and indexing is a shift.
 * </ul>
 *
 * <p>An access of {@code n} bytes through pointer {@code p} is inside live entry {@code e} exactly
 * when {@code 0 <= p - key <= limit - n}: with the tag in the key, that one subtraction compares
 * the tags and locates the address at once, because a live allocation never reaches past bit
 * {@code addressBits} (its base plus size stays inside memory), so {@code key + off} never carries
 * into the tag.
 *
 * <p>Writers hold the heap's lock. Readers (the checks) take no lock: they find {@code e} in the
 * shadow with an acquiring load, load the {@link #meta} reference with acquire, then read the
 * entry's key and limit as a seqlock reader ({@link #readBegin}, the two plain loads,
 * {@link #readValid}). A key and a limit are only meaningful together: the same id is reused for
 * a free block and then for another allocation (often at the same base), so a limit from one life
 * and a key from the next can admit an access neither allows. Every writer of a key or limit
 * ({@link #write}) makes the sequence odd first and even again after, so a reader that saw the
 * same even sequence before and after its two loads read both from one life; any other reader
 * goes to the slow path, which decides under the lock. The shadow value a reader started from may
 * itself be stale (the entry was freed or reused since); that is harmless, because a consistent
 * key and limit are exact on their own: they admit only accesses inside the allocation that owned
 * them, so a stale read is at worst an access allowed as it was just before the allocator call
 * that raced it.
 */
final class AllocationTable {
  static final byte UNUSED = 0;
  static final byte LIVE = 1;
  static final byte QUARANTINED = 2;
  static final byte FREE = 3;

  /** Longs per entry in {@link #meta}, and the offsets of an entry's fields. */
  static final int STRIDE = 4;
  static final int SHIFT = 2;
  static final int SEQ = 0;
  static final int KEY = 1;
  static final int LIMIT = 2;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle META;
  private static final int INITIAL_CAPACITY = 256;

  static {
    try {
      META = MethodHandles.lookup().findVarHandle(AllocationTable.class, "meta", long[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int addressBits;
  private final long addressMask;

  /**
   * Sequence, key and limit per entry. Growth copies it into a larger array and publishes the copy
   * with a release store ({@link #grow}); lock-free readers load it with acquire
   * ({@link #metaAcquire}). The shadow's release/acquire alone would not do: it orders the copy
   * only for ids stored into the shadow after the growth, while a reader may find an older id and
   * then see the new array without the copied values (key 0 and limit 0, or worse, a copied limit
   * with a default key). A reader still holding the old array reads it as it was at the growth,
   * consistent and no longer written: at worst an access allowed as it was then. Under the lock it
   * is read plainly.
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
    write(0, 0, -1); // entry 0: no access ever fits
  }

  private void allocateArrays(int capacity) {
    meta = new long[STRIDE * capacity];
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
    long[] m = Arrays.copyOf(meta, STRIDE * bigger);
    allocationSite = Arrays.copyOf(allocationSite, bigger);
    freeSite = Arrays.copyOf(freeSite, bigger);
    next = Arrays.copyOf(next, bigger);
    prev = Arrays.copyOf(prev, bigger);
    state = Arrays.copyOf(state, bigger);
    // Release: a reader that acquires the new reference sees every value copied into it.
    META.setRelease(this, m);
  }

  /** The lock-free readers' load of {@link #meta}: acquire, pairing with the release in grow. */
  long[] metaAcquire() {
    return (long[]) META.getAcquire(this);
  }

  // ---- The seqlock: one writer (under the heap lock), lock-free readers. -------------------

  /**
   * Sets entry {@code id}'s key and limit as a seqlock writer. The odd sequence is stored opaque
   * (the lock already orders writers; opaque only keeps it a single, untorn store), then a
   * store-store fence keeps it ahead of the key and limit stores, so a reader that sees either new
   * value also sees at least the odd sequence when it re-reads; the final even sequence is stored
   * with release, so a reader that acquires it sees the key and limit written before it.
   */
  private void write(int id, long key, long limit) {
    long[] m = meta;
    int i = id << SHIFT;
    long seq = m[i + SEQ]; // plain: only writers store it, and they hold the lock
    LONGS.setOpaque(m, i + SEQ, seq + 1);
    VarHandle.storeStoreFence();
    m[i + KEY] = key;
    m[i + LIMIT] = limit;
    LONGS.setRelease(m, i + SEQ, seq + 2);
  }

  /**
   * A seqlock reader's first step: entry {@code id}'s sequence, loaded with acquire so that the key
   * and limit loads that follow cannot be performed before it.
   */
  static long readBegin(long[] meta, int id) {
    return (long) LONGS.getAcquire(meta, (id << SHIFT) + SEQ);
  }

  /** A reader's plain load of the key: only trusted once {@link #readValid} says so. */
  static long readKey(long[] meta, int id) {
    return meta[(id << SHIFT) + KEY];
  }

  /** A reader's plain load of the limit: only trusted once {@link #readValid} says so. */
  static long readLimit(long[] meta, int id) {
    return meta[(id << SHIFT) + LIMIT];
  }

  /**
   * A reader's last step: true if the key and limit it loaded since {@link #readBegin} returned
   * {@code seq} belong to one life of the entry (no writer was active then, and none has written
   * since). The load-load fence keeps the key and limit loads before the sequence's re-read, which
   * is opaque so that it really is a fresh load of the current value.
   */
  static boolean readValid(long[] meta, int id, long seq) {
    VarHandle.loadLoadFence();
    return (seq & 1) == 0 && (long) LONGS.getOpaque(meta, (id << SHIFT) + SEQ) == seq;
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

  /** Makes a live entry stop matching at once; its tag, base and size stay readable. */
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

  /** The key, read under the lock (so plainly). */
  long key(int id) {
    return meta[(id << SHIFT) + KEY];
  }

  /** The size in bytes of a live or quarantined allocation, or of a free block. */
  long size(int id) {
    long limit = meta[(id << SHIFT) + LIMIT];
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
    return 8 * STRIDE + 8 + 8 + 4 + 4 + 1;
  }
}

package dev.vmm.memory.internal;

/**
 * The heap's free blocks: segregated lists by size class (class {@code c} holds blocks of
 * {@code 2^c} to {@code 2^(c+1) - 1} granules), each a doubly linked list of allocation-table
 * entries in state {@code FREE}, plus a bitmap of the non-empty classes. Blocks are coalesced with
 * their free neighbours as soon as they are released, found through the shadow ids at the
 * neighbours' boundaries, so two free blocks are never adjacent.
 *
 * <p>Not thread-safe: the heap calls it under its lock.
 */
final class FreeSpace {
  private static final int CLASSES = 32;
  /** How many blocks of the request's own class are tried before a larger class is split. */
  private static final int FIRST_FIT_PROBES = 16;

  private final AllocationTable table;
  private final Shadow shadow;
  private final long heapBase;
  private final int granules;
  private final int[] heads = new int[CLASSES];
  private int nonEmpty;
  private long freeGranules;

  FreeSpace(AllocationTable table, Shadow shadow, long heapBase) {
    this.table = table;
    this.shadow = shadow;
    this.heapBase = heapBase;
    this.granules = shadow.granules();
    if (granules > 0) {
      table.reserve(1);
      int id = table.newEntry();
      makeFree(id, 0, granules);
      freeGranules = granules;
    }
  }

  long freeGranules() {
    return freeGranules;
  }

  int start(int id) {
    return (int) ((table.base(id) - heapBase) >>> Shadow.GRANULE_SHIFT);
  }

  int length(int id) {
    return (int) (table.size(id) >>> Shadow.GRANULE_SHIFT);
  }

  /**
   * Finds a free block of at least {@code need} granules: first fit among a few blocks of the
   * request's class, else the head of the smallest larger class (any block there fits), else
   * every block of the request's class. Returns 0 if none fits.
   */
  int find(long need) {
    if (need > granules) {
      return 0;
    }
    int c = classOf((int) need);
    int probes = 0;
    for (int f = heads[c]; f != 0 && probes < FIRST_FIT_PROBES; f = table.next[f], probes++) {
      if (length(f) >= need) {
        return f;
      }
    }
    int larger = c + 1 < CLASSES ? nonEmpty & (-1 << (c + 1)) : 0;
    if (larger != 0) {
      return heads[Integer.numberOfTrailingZeros(larger)];
    }
    for (int f = heads[c]; f != 0; f = table.next[f]) {
      if (length(f) >= need) {
        return f;
      }
    }
    return 0;
  }

  /**
   * Takes granules {@code [from, from + count)} out of free block {@code f}, which contains them;
   * what is left on either side stays free. The caller writes the taken granules' shadow.
   */
  void carve(int f, int from, int count) {
    int blockStart = start(f);
    int blockEnd = blockStart + length(f);
    unlink(f);
    int prefix = from - blockStart;
    int suffix = blockEnd - (from + count);
    int spare = f;
    if (prefix > 0) {
      makeFree(f, blockStart, prefix);
      spare = 0;
    }
    if (suffix > 0) {
      makeFree(spare != 0 ? spare : table.newEntry(), from + count, suffix);
      spare = 0;
    }
    if (spare != 0) {
      table.retire(spare);
    }
    freeGranules -= count;
  }

  /**
   * Returns granules {@code [from, from + count)} to free space as entry {@code id} (in no list),
   * merged with a free block on either side. Their access words must be clear already; the
   * shadow's epoch moves, for the checks that read several words (see {@link Shadow}).
   */
  void release(int id, int from, int count) {
    shadow.advanceEpoch();
    int begin = from;
    int end = from + count;
    if (begin > 0) {
      int left = shadow.owner(begin - 1);
      if (isFreeBlockEndingAt(left, begin)) {
        begin = start(left);
        unlink(left);
        table.retire(left);
      }
    }
    if (end < granules) {
      int right = shadow.owner(end);
      if (right != 0 && table.state[right] == AllocationTable.FREE && start(right) == end) {
        end += length(right);
        unlink(right);
        table.retire(right);
      }
    }
    makeFree(id, begin, end - begin);
    freeGranules += count;
  }

  /** The free block that starts at {@code granule}, or 0. */
  int freeBlockAt(int granule) {
    if (granule >= granules) {
      return 0;
    }
    int id = shadow.owner(granule);
    return id != 0 && table.state[id] == AllocationTable.FREE && start(id) == granule ? id : 0;
  }

  private boolean isFreeBlockEndingAt(int id, int end) {
    return id != 0 && table.state[id] == AllocationTable.FREE && start(id) + length(id) == end;
  }

  private void makeFree(int id, int from, int count) {
    table.setFree(id, heapBase + ((long) from << Shadow.GRANULE_SHIFT),
        (long) count << Shadow.GRANULE_SHIFT);
    shadow.set(from, id);
    shadow.set(from + count - 1, id);
    link(id, classOf(count));
  }

  private void link(int id, int c) {
    int head = heads[c];
    table.next[id] = head;
    table.prev[id] = 0;
    if (head != 0) {
      table.prev[head] = id;
    }
    heads[c] = id;
    nonEmpty |= 1 << c;
  }

  private void unlink(int id) {
    int c = classOf(length(id));
    int before = table.prev[id];
    int after = table.next[id];
    if (before != 0) {
      table.next[before] = after;
    } else {
      heads[c] = after;
      if (after == 0) {
        nonEmpty &= ~(1 << c);
      }
    }
    if (after != 0) {
      table.prev[after] = before;
    }
    table.next[id] = 0;
    table.prev[id] = 0;
  }

  private static int classOf(int count) {
    return 31 - Integer.numberOfLeadingZeros(count);
  }
}

package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.Allocation;
import dev.vmm.memory.HeapStats;
import dev.vmm.memory.LeakReport;
import dev.vmm.memory.Region;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationHandler;
import dev.vmm.memory.ViolationKind;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tagged heap: allocator, allocation table, shadow and quarantine of one heap region.
 *
 * <p>Every call that changes it takes {@link #lock}, a plain {@link ReentrantLock}: allocation
 * calls are short (a size-class lookup, a split or a merge, two shadow stores per granule
 * allocated), and the access checks' fast paths never take it, so a single lock is simpler than
 * per-thread caches and costs little. The checks read the {@link #shadow}'s access words (and its
 * epoch) without it, in the order that class documents; only their slow path reads the
 * {@link #table}, under the lock.
 *
 * <p>Invariants, between calls: every granule belongs to exactly one live allocation, quarantined
 * allocation or free block; no two free blocks are adjacent; a live or quarantined allocation
 * owns {@code max(1, ceil(size / 32))} granules from its base, and each holds its id in the shadow;
 * a live allocation's granules hold its access words, every other granule's word is 0; two
 * adjacent allocations (live or quarantined) never share a tag, because each tag is drawn unlike
 * the neighbours' when an allocation is placed or grows in place. The checks that read several
 * access words rely on that last one (see {@link Shadow}).
 */
public final class TaggedHeap {
  final Shadow shadow;
  final AllocationTable table;
  final long heapBase;
  final long heapSize;
  final ReentrantLock lock = new ReentrantLock();

  private final int granules;
  private final FreeSpace free;
  private final Quarantine quarantine;
  private final SplittableRandom random;
  private final int maxTag;
  private final int addressBits;
  private final MemorySegment memory;
  private final ViolationHandler handler;
  private long liveCount;
  private long liveBytes;

  TaggedHeap(Region heap, int addressBits, long quarantineBytes, long tagSeed,
      MemorySegment memory, ViolationHandler handler) {
    this(heap, addressBits, quarantineBytes, tagSeed, memory, handler,
        AllocationTable.MAX_CAPACITY);
  }

  /** A heap whose table holds at most {@code maxEntries} entries (for tests of a full table). */
  TaggedHeap(Region heap, int addressBits, long quarantineBytes, long tagSeed,
      MemorySegment memory, ViolationHandler handler, int maxEntries) {
    this.heapBase = heap == null ? 0 : heap.base();
    this.heapSize = heap == null ? 0 : heap.size();
    this.granules = (int) (heapSize >>> Shadow.GRANULE_SHIFT);
    this.addressBits = addressBits;
    this.maxTag = (1 << (Long.SIZE - addressBits)) - 1;
    this.shadow = new Shadow(granules);
    this.table = new AllocationTable(addressBits, maxEntries);
    this.free = new FreeSpace(table, shadow, heapBase);
    this.quarantine = new Quarantine(table, quarantineBytes);
    this.random = new SplittableRandom(tagSeed);
    this.memory = memory;
    this.handler = handler;
  }

  /** The number of granules of the heap. */
  int granules() {
    return granules;
  }

  // ---- Allocation. ------------------------------------------------------------------------

  /** C malloc; {@code alignment} a power of two, at least the granule size. Returns 0 on failure. */
  long allocate(long size, long alignment, long site) {
    long span = spanOf(size);
    if (span < 0) {
      return 0;
    }
    lock.lock();
    try {
      return allocateLocked(size, span, alignment, site, 0);
    } finally {
      lock.unlock();
    }
  }

  private long allocateLocked(long size, long span, long alignment, long site, int avoidTag) {
    long alignGranules = alignment >>> Shadow.GRANULE_SHIFT;
    long need = span + alignGranules - 1;
    if (need > granules) {
      return 0;
    }
    int f = free.find(need);
    while (f == 0 && !quarantine.isEmpty()) {
      long released = 0;
      while (released < need && !quarantine.isEmpty()) {
        released += evictOldest();
      }
      f = free.find(need);
    }
    // Carving may split one block into three (an aligned allocation), and the allocation needs an
    // entry of its own: reserve them all before anything changes.
    if (f == 0 || !table.reserve(3)) {
      return 0;
    }
    int from = alignedStart(free.start(f), alignment);
    int count = (int) span;
    free.carve(f, from, count);
    int tag = freshTag(neighbourTag(from - 1), neighbourTag(from + count), avoidTag);
    int id = table.newEntry();
    long base = granuleAddress(from);
    table.setLive(id, tag, base, size, site);
    shadow.fill(from, from + count, id);
    shadow.cover(from, count, tag, size);
    liveCount++;
    liveBytes += size;
    return table.key(id);
  }

  private int alignedStart(int blockStart, long alignment) {
    if (alignment <= Shadow.GRANULE_SIZE) {
      return blockStart;
    }
    long address = granuleAddress(blockStart);
    long aligned = (address + alignment - 1) & -alignment;
    return (int) ((aligned - heapBase) >>> Shadow.GRANULE_SHIFT);
  }

  /** Granules for {@code size} bytes (unsigned), at least one; -1 if no heap could hold it. */
  long spanOf(long size) {
    if (size < 0 || size > heapSize) {
      return -1;
    }
    return Math.max(1, (size + Shadow.GRANULE_SIZE - 1) >>> Shadow.GRANULE_SHIFT);
  }

  private int freshTag(int left, int right, int avoid) {
    int tag;
    do {
      tag = 1 + random.nextInt(maxTag);
    } while (tag == left || tag == right || tag == avoid);
    return tag;
  }

  /** The tag of the live or quarantined allocation that owns {@code granule}, else 0. */
  private int neighbourTag(int granule) {
    int id = allocationOwning(granule);
    return id == 0 ? 0 : table.tag(id);
  }

  // ---- Free and realloc. ------------------------------------------------------------------

  /** C free. A bad pointer is reported to the handler (after unlocking) and changes nothing. */
  void free(long pointer, long site) {
    if (pointer == 0) {
      return;
    }
    Violation violation;
    lock.lock();
    try {
      int id = liveAllocationStartingAt(pointer);
      if (id > 0) {
        freeLocked(id, site);
        return;
      }
      violation = badFree(pointer, AccessKind.FREE, site);
    } finally {
      lock.unlock();
    }
    handler.onViolation(violation);
  }

  private void freeLocked(int id, long site) {
    long size = table.size(id);
    liveCount--;
    liveBytes -= size;
    int from = granuleOf(table.base(id));
    shadow.uncover(from, from + (int) spanOf(size));
    table.setQuarantined(id, site);
    quarantine.add(id, spanOf(size) << Shadow.GRANULE_SHIFT);
    while (quarantine.overLimit()) {
      evictOldest();
    }
  }

  /** Moves the oldest quarantined allocation to free space; returns its granules. */
  private long evictOldest() {
    int id = quarantine.oldest();
    long span = spanOf(table.size(id));
    quarantine.removeOldest(span << Shadow.GRANULE_SHIFT);
    free.release(id, granuleOf(table.base(id)), (int) span);
    return span;
  }

  /** C realloc of a non-null pointer. */
  long reallocate(long pointer, long size, long site) {
    Violation violation;
    lock.lock();
    try {
      int id = liveAllocationStartingAt(pointer);
      if (id > 0) {
        return reallocateLocked(id, size, site);
      }
      violation = badFree(pointer, AccessKind.REALLOC, site);
    } finally {
      lock.unlock();
    }
    handler.onViolation(violation);
    return 0;
  }

  private long reallocateLocked(int id, long size, long site) {
    if (size == 0) {
      freeLocked(id, site);
      return 0;
    }
    long newSpan = spanOf(size);
    if (newSpan < 0) {
      return 0;
    }
    long oldSize = table.size(id);
    long oldSpan = spanOf(oldSize);
    int from = granuleOf(table.base(id));
    if (newSpan <= oldSpan) {
      // Shrink (or grow within the last granule) in place: the tag and pointer stay.
      if (newSpan < oldSpan && !table.reserve(1)) {
        return 0; // the freed tail needs an entry; C lets a shrinking realloc fail too
      }
      table.setLiveSize(id, size);
      shadow.cover(from, (int) newSpan, table.tag(id), size);
      if (newSpan < oldSpan) {
        shadow.uncover(from + (int) newSpan, from + (int) oldSpan);
        free.release(table.newEntry(), from + (int) newSpan, (int) (oldSpan - newSpan));
      }
      table.allocationSite[id] = site;
      liveBytes += size - oldSize;
      return table.key(id);
    }
    int next = free.freeBlockAt(from + (int) oldSpan);
    long extra = newSpan - oldSpan;
    if (next != 0 && free.length(next) >= extra
        && neighbourTag(from + (int) newSpan) != table.tag(id) && table.reserve(1)) {
      // Grow in place into the free block after it; its new neighbour's tag differs.
      free.carve(next, from + (int) oldSpan, (int) extra);
      shadow.fill(from + (int) oldSpan, from + (int) newSpan, id);
      table.setLiveSize(id, size);
      shadow.cover(from, (int) newSpan, table.tag(id), size);
      table.allocationSite[id] = site;
      liveBytes += size - oldSize;
      return table.key(id);
    }
    long moved = allocateLocked(size, newSpan, Shadow.GRANULE_SIZE, site, table.tag(id));
    if (moved == 0) {
      return 0;
    }
    long oldBase = table.base(id);
    MemorySegment.copy(memory, oldBase, memory, moved & addressMask(), Math.min(oldSize, size));
    freeLocked(id, site);
    return moved;
  }

  private long addressMask() {
    return (1L << addressBits) - 1;
  }

  /** The id of the live allocation whose pointer is exactly {@code pointer}, else 0. */
  private int liveAllocationStartingAt(long pointer) {
    long address = pointer & addressMask();
    long offset = address - heapBase;
    if (offset < 0 || offset >= heapSize || (offset & (Shadow.GRANULE_SIZE - 1)) != 0) {
      return 0;
    }
    int id = allocationOwning((int) (offset >>> Shadow.GRANULE_SHIFT));
    return id != 0 && table.state[id] == AllocationTable.LIVE && table.key(id) == pointer ? id : 0;
  }

  private Violation badFree(long pointer, AccessKind access, long site) {
    long address = pointer & addressMask();
    int tag = (int) (pointer >>> addressBits);
    long offset = address - heapBase;
    int id = offset >= 0 && offset < heapSize
        ? allocationOwning((int) (offset >>> Shadow.GRANULE_SHIFT)) : 0;
    ViolationKind kind = id != 0 && table.state[id] == AllocationTable.QUARANTINED
        && table.key(id) == pointer ? ViolationKind.DOUBLE_FREE : ViolationKind.INVALID_FREE;
    return new Violation(kind, access, pointer, tag, address, 0, snapshot(id), site);
  }

  // ---- Reading the table (under the lock). -------------------------------------------------

  /** The live or quarantined allocation that owns {@code granule}, validated; else 0. */
  int allocationOwning(int granule) {
    if (granule < 0 || granule >= granules) {
      return 0;
    }
    int id = shadow.owner(granule);
    if (id == 0) {
      return 0;
    }
    byte state = table.state[id];
    if (state != AllocationTable.LIVE && state != AllocationTable.QUARANTINED) {
      return 0;
    }
    int first = granuleOf(table.base(id));
    return granule >= first && granule < first + spanOf(table.size(id)) ? id : 0;
  }

  /**
   * The nearest allocation (live or quarantined) with tag {@code tag} that ends before
   * {@code granule}, whose last granule is at most {@code reach} granules before it; else 0. Hops
   * over whole allocations and free blocks.
   */
  int findTaggedBefore(int granule, int tag, int reach) {
    int stop = granule - reach;
    int g = Math.min(granule, granules) - 1;
    while (g >= 0 && g >= stop) {
      int id = allocationOwning(g);
      if (id != 0) {
        if (table.tag(id) == tag) {
          return id;
        }
        g = granuleOf(table.base(id)) - 1;
      } else {
        int f = freeBlockOwning(g);
        g = f != 0 ? free.start(f) - 1 : g - 1;
      }
    }
    return 0;
  }

  /**
   * The nearest allocation (live or quarantined) with tag {@code tag} that starts after
   * {@code granule}, at most {@code reach} granules after it; else 0.
   */
  int findTaggedAfter(int granule, int tag, int reach) {
    long stop = (long) granule + reach;
    int g = Math.max(granule + 1, 0);
    while (g < granules && g <= stop) {
      int id = allocationOwning(g);
      if (id != 0) {
        if (table.tag(id) == tag) {
          return id;
        }
        g = granuleOf(table.base(id)) + (int) spanOf(table.size(id));
      } else {
        int f = freeBlockOwning(g);
        g = f != 0 ? free.start(f) + free.length(f) : g + 1;
      }
    }
    return 0;
  }

  private int freeBlockOwning(int granule) {
    int id = shadow.owner(granule);
    if (id == 0 || table.state[id] != AllocationTable.FREE) {
      return 0;
    }
    int first = free.start(id);
    return granule >= first && granule < first + free.length(id) ? id : 0;
  }

  Allocation snapshot(int id) {
    if (id == 0) {
      return null;
    }
    byte state = table.state[id];
    return new Allocation(table.tag(id), table.base(id), table.size(id),
        state == AllocationTable.LIVE ? Allocation.State.LIVE : Allocation.State.QUARANTINED,
        table.allocationSite[id], table.freeSite[id], table.key(id));
  }

  Allocation allocationAt(long address) {
    long offset = address - heapBase;
    if (offset < 0 || offset >= heapSize) {
      return null;
    }
    lock.lock();
    try {
      return snapshot(allocationOwning((int) (offset >>> Shadow.GRANULE_SHIFT)));
    } finally {
      lock.unlock();
    }
  }

  LeakReport leaks() {
    List<Allocation> live = new ArrayList<>();
    long bytes = 0;
    lock.lock();
    try {
      for (int id = 1; id < table.highWater(); id++) {
        if (table.state[id] == AllocationTable.LIVE) {
          Allocation a = snapshot(id);
          live.add(a);
          bytes += a.size();
        }
      }
    } finally {
      lock.unlock();
    }
    live.sort(Comparator.comparingLong(Allocation::base));
    return new LeakReport(live, bytes);
  }

  HeapStats stats() {
    lock.lock();
    try {
      return new HeapStats(heapSize, liveCount, liveBytes, quarantine.count(), quarantine.bytes(),
          free.freeGranules() << Shadow.GRANULE_SHIFT, shadow.bytes(), table.bytes());
    } finally {
      lock.unlock();
    }
  }

  long granuleAddress(int granule) {
    return heapBase + ((long) granule << Shadow.GRANULE_SHIFT);
  }

  int granuleOf(long address) {
    return (int) ((address - heapBase) >>> Shadow.GRANULE_SHIFT);
  }
}

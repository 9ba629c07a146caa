package dev.vmm.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The heap's shadow: one {@code int} per {@value #GRANULE_SIZE}-byte granule, holding the id of
 * the allocation-table entry that owns the granule (4 bytes per 32: 12.5% of the heap).
 *
 * <p>What each granule holds:
 *
 * <ul>
 *   <li>in a live or quarantined allocation: exactly that allocation's id, written when it is
 *       allocated and kept until it leaves the quarantine;
 *   <li>in a free block: the block's id in its first and last granule (the allocator coalesces by
 *       reading the granule on each side of a block it frees); anything in between is a stale hint.
 * </ul>
 *
 * <p>The check never trusts a shadow value alone: it compares the pointer with the entry's key and
 * limit. Those are exact only as a pair from one life of the entry, since an id is reused (for a
 * free block, then for another allocation at the same base), so the check reads them under the
 * entry's seqlock ({@link AllocationTable}) and goes to the slow path if they may be torn. With a
 * consistent pair, a stale value (the entry freed, merged or reused since) lets an access through
 * only if it lies inside the allocation that held the entry while the pair was read, with its tag:
 * allowed as it was at that moment, never an access no state of the heap allowed. The slow path
 * validates each value against the entry's range, under the lock.
 *
 * <p>Writers (under the heap lock) store with release after writing the entry; readers load with
 * acquire, so an id they see comes with the entry written before it.
 */
final class Shadow {
  static final int GRANULE_SHIFT = 5;
  static final int GRANULE_SIZE = 1 << GRANULE_SHIFT;

  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  final int[] owners;

  Shadow(int granules) {
    owners = new int[granules];
  }

  int granules() {
    return owners.length;
  }

  /** The checks' read: acquire, so the entry written before the id is visible. */
  int ownerAcquire(int granule) {
    return (int) INTS.getAcquire(owners, granule);
  }

  /** A read under the heap lock, which orders it already. */
  int owner(int granule) {
    return owners[granule];
  }

  void set(int granule, int id) {
    INTS.setRelease(owners, granule, id);
  }

  void fill(int from, int to, int id) {
    int[] o = owners;
    for (int g = from; g < to; g++) {
      INTS.setRelease(o, g, id);
    }
  }

  long bytes() {
    return 4L * owners.length;
  }
}

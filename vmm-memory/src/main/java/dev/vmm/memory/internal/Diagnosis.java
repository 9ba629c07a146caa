package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.Allocation;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;

/**
 * The slow path: works out why an access failed the fast check, or finds that it is allowed after
 * all (the fast check raced an allocator call). Heap accesses are diagnosed under the heap's lock,
 * so the report is a consistent snapshot.
 *
 * <p>How a heap access of {@code [a, a + n)} through tag {@code t} is classified:
 *
 * <ol>
 *   <li>{@code t == 0}: {@link ViolationKind#TAG_MISMATCH} (untagged pointer into the heap).
 *   <li>The allocation that maps {@code a} has tag {@code t}: quarantined is a use after free;
 *       live and the access ends past it is an overflow; otherwise the access is allowed.
 *   <li>Otherwise the nearest allocation with tag {@code t} on either side (the left one's last
 *       granule, or the right one's first, at most {@value #SCAN_GRANULES} granules, 64 KiB, from
 *       the address's granule; the closer in bytes wins, the left one on a tie): quarantined is a
 *       use after free, to the left an overflow, to the right an underflow. Neighbours never share
 *       a tag, so an overflow into the next allocation finds its owner here.
 *   <li>None: {@link ViolationKind#TAG_MISMATCH}, attributed to the allocation that maps {@code a}.
 * </ol>
 */
final class Diagnosis {
  /** How far, in granules, the search for the pointer's allocation looks each way: 64 KiB. */
  static final int SCAN_GRANULES = 2048;

  private final RegionMap regions;
  private final TaggedHeap heap;
  private final int addressBits;
  private final long addressMask;

  Diagnosis(RegionMap regions, TaggedHeap heap, int addressBits) {
    this.regions = regions;
    this.heap = heap;
    this.addressBits = addressBits;
    this.addressMask = (1L << addressBits) - 1;
  }

  /** Returns the violation, or null if the access of {@code n > 0} bytes is allowed. */
  Violation diagnose(long pointer, long n, AccessKind access) {
    long address = pointer & addressMask;
    int tag = (int) (pointer >>> addressBits);
    long size = regions.size();
    if (address >= size) {
      return violation(ViolationKind.UNMAPPED, access, pointer, address, n, null);
    }
    long end = address + n;
    boolean pastMemory = end < 0 || end > size;
    byte first = regions.permission(address);
    if ((first & RegionMap.HEAP) != 0) {
      heap.lock.lock();
      try {
        return diagnoseHeap(pointer, tag, address, n, pastMemory ? Long.MAX_VALUE : end, access);
      } finally {
        heap.lock.unlock();
      }
    }
    if (first == 0) {
      return violation(ViolationKind.UNMAPPED, access, pointer, address, n, null);
    }
    if (tag != 0) {
      return violation(ViolationKind.TAG_MISMATCH, access, pointer, address, n, null);
    }
    long lastPage = ((pastMemory ? size : end) - 1) >>> RegionMap.PAGE_SHIFT;
    for (long page = address >>> RegionMap.PAGE_SHIFT; page <= lastPage; page++) {
      byte p = regions.permissions()[(int) page];
      if (p == 0) {
        return violation(ViolationKind.UNMAPPED, access, pointer, address, n, null);
      }
      if ((p & RegionMap.HEAP) != 0) {
        return violation(ViolationKind.TAG_MISMATCH, access, pointer, address, n,
            heap.allocationAt(page << RegionMap.PAGE_SHIFT));
      }
      if (access == AccessKind.WRITE && (p & RegionMap.WRITE) == 0) {
        return violation(ViolationKind.READ_ONLY_WRITE, access, pointer, address, n, null);
      }
    }
    return pastMemory ? violation(ViolationKind.UNMAPPED, access, pointer, address, n, null) : null;
  }

  /** The unchecked mode's only violation: an access that runs past the end of memory. */
  Violation pastEnd(long pointer, long n, AccessKind access) {
    return violation(ViolationKind.UNMAPPED, access, pointer, pointer & addressMask, n, null);
  }

  private Violation diagnoseHeap(
      long pointer, int tag, long address, long n, long end, AccessKind access) {
    AllocationTable table = heap.table;
    int granule = heap.granuleOf(address);
    int owner = heap.allocationOwning(granule);
    if (tag == 0) {
      return violation(ViolationKind.TAG_MISMATCH, access, pointer, address, n, owner);
    }
    if (owner != 0 && table.tag(owner) == tag) {
      if (table.state[owner] == AllocationTable.QUARANTINED) {
        return violation(ViolationKind.HEAP_USE_AFTER_FREE, access, pointer, address, n, owner);
      }
      if (end - table.base(owner) <= table.size(owner)) {
        return null;
      }
      return violation(ViolationKind.HEAP_BUFFER_OVERFLOW, access, pointer, address, n, owner);
    }
    int left = heap.findTaggedBefore(granule, tag, SCAN_GRANULES);
    int right = heap.findTaggedAfter(granule, tag, SCAN_GRANULES);
    long leftDistance = left == 0 ? Long.MAX_VALUE
        : address - (table.base(left) + table.size(left));
    long rightDistance = right == 0 ? Long.MAX_VALUE : table.base(right) - address;
    int near = leftDistance <= rightDistance ? left : right;
    if (near == 0) {
      return violation(ViolationKind.TAG_MISMATCH, access, pointer, address, n, owner);
    }
    ViolationKind kind = table.state[near] == AllocationTable.QUARANTINED
        ? ViolationKind.HEAP_USE_AFTER_FREE
        : near == left ? ViolationKind.HEAP_BUFFER_OVERFLOW : ViolationKind.HEAP_BUFFER_UNDERFLOW;
    return violation(kind, access, pointer, address, n, near);
  }

  private Violation violation(
      ViolationKind kind, AccessKind access, long pointer, long address, long n, int id) {
    return violation(kind, access, pointer, address, n, heap.snapshot(id));
  }

  private Violation violation(ViolationKind kind, AccessKind access, long pointer, long address,
      long n, Allocation allocation) {
    return new Violation(kind, access, pointer, (int) (pointer >>> addressBits), address, n,
        allocation, 0);
  }
}

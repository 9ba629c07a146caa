package dev.vmm.memory.internal;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The region map as one permission byte per 4 KiB page: O(1) to check, one byte per 4096 of memory.
 * Immutable after construction.
 */
public final class RegionMap {
  /** Untagged loads allowed. */
  public static final byte READ = 1;
  /** Untagged stores allowed. */
  public static final byte WRITE = 2;
  /** The tagged heap: no untagged access at all. */
  public static final byte HEAP = 4;

  static final int PAGE_SHIFT = 12;

  private final long size;
  private final byte[] permissions;
  private final List<Region> regions;
  private final Region heap;

  private RegionMap(long size, byte[] permissions, List<Region> regions, Region heap) {
    this.size = size;
    this.permissions = permissions;
    this.regions = regions;
    this.heap = heap;
  }

  /**
   * Validates the regions and builds the map.
   *
   * @param size the memory size, page-aligned
   * @param addressBits the pointer layout's address bits
   * @param regions the regions, in any order
   * @return the map
   * @throws IllegalArgumentException if the size does not fit the layout, or regions overlap, run
   *     past the end, or include more than one heap
   */
  public static RegionMap of(long size, int addressBits, List<Region> regions) {
    if (addressBits < Long.SIZE - 1 && size > (1L << addressBits)) {
      throw new IllegalArgumentException("size " + size + " does not fit in " + addressBits
          + " address bits (at most " + (1L << addressBits) + ")");
    }
    long pages = size >>> PAGE_SHIFT;
    if (pages > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("size " + size + " exceeds the region map's "
          + ((long) (Integer.MAX_VALUE - 8) << PAGE_SHIFT) + " bytes");
    }
    List<Region> sorted = new ArrayList<>(regions);
    sorted.sort(Comparator.comparingLong(Region::base));
    Region heap = null;
    Region previous = null;
    for (Region r : sorted) {
      if (r.end() > size) {
        throw new IllegalArgumentException(r + " runs past the end of memory at 0x"
            + Long.toHexString(size));
      }
      if (previous != null && r.base() < previous.end()) {
        throw new IllegalArgumentException(r + " overlaps " + previous);
      }
      if (r.kind() == Region.Kind.HEAP) {
        if (heap != null) {
          throw new IllegalArgumentException("only one heap: " + heap + " and " + r);
        }
        if ((r.size() >>> Shadow.GRANULE_SHIFT) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(r + " has more than " + Integer.MAX_VALUE
              + " granules of " + GuestMemory.GRANULE_SIZE + " bytes");
        }
        heap = r;
      }
      previous = r;
    }
    byte[] permissions = new byte[(int) pages];
    for (Region r : sorted) {
      byte p = switch (r.kind()) {
        case RAM -> READ | WRITE;
        case READ_ONLY -> READ;
        case HEAP -> HEAP;
      };
      java.util.Arrays.fill(permissions, (int) (r.base() >>> PAGE_SHIFT),
          (int) (r.end() >>> PAGE_SHIFT), p);
    }
    return new RegionMap(size, permissions, List.copyOf(sorted), heap);
  }

  /**
   * Returns the permission array, one byte per page, for the checks' fast path.
   *
   * @return the array; do not modify
   */
  public byte[] permissions() {
    return permissions;
  }

  /**
   * Returns the page permissions at an address.
   *
   * @param address below the memory size
   * @return the page's bits
   */
  public byte permission(long address) {
    return permissions[(int) (address >>> PAGE_SHIFT)];
  }

  /**
   * Returns the memory size.
   *
   * @return bytes
   */
  public long size() {
    return size;
  }

  /**
   * Returns the regions in address order.
   *
   * @return unmodifiable list
   */
  public List<Region> regions() {
    return regions;
  }

  /**
   * Returns the heap region.
   *
   * @return the heap or null
   */
  public Region heap() {
    return heap;
  }
}

package dev.vmm.memory;

import java.util.Objects;

/**
 * A page-aligned range of guest physical memory and what the guest may do there. Addresses that
 * no region covers are unmapped.
 *
 * @param base the first address, a multiple of {@value GuestMemory#PAGE_SIZE}
 * @param size the length in bytes, a positive multiple of {@value GuestMemory#PAGE_SIZE}
 * @param kind what accesses are allowed
 */
public record Region(long base, long size, Kind kind) {

  /** What a region allows. */
  public enum Kind {
    /** Untagged loads and stores. */
    RAM,
    /** Untagged loads only; a store is a {@link ViolationKind#READ_ONLY_WRITE}. */
    READ_ONLY,
    /**
     * The tagged heap: accessible only through a pointer whose tag matches the allocation that
     * maps the address; an untagged access is a {@link ViolationKind#TAG_MISMATCH}. At most one.
     */
    HEAP
  }

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if base or size is negative, unaligned or zero-sized, or the
   *     region wraps around
   * @throws NullPointerException if kind is null
   */
  public Region {
    Objects.requireNonNull(kind, "kind");
    if (base < 0 || base % GuestMemory.PAGE_SIZE != 0) {
      throw new IllegalArgumentException(
          "region base must be a non-negative multiple of " + GuestMemory.PAGE_SIZE + ": 0x"
              + Long.toHexString(base));
    }
    if (size <= 0 || size % GuestMemory.PAGE_SIZE != 0) {
      throw new IllegalArgumentException(
          "region size must be a positive multiple of " + GuestMemory.PAGE_SIZE + ": " + size);
    }
    if (base + size < 0) {
      throw new IllegalArgumentException(
          "region 0x" + Long.toHexString(base) + " + " + size + " overflows");
    }
  }

  /**
   * Returns the address just past the region.
   *
   * @return {@code base + size}
   */
  public long end() {
    return base + size;
  }

  /**
   * Tells whether an address lies in the region.
   *
   * @param address any address
   * @return {@code base <= address < end}
   */
  public boolean contains(long address) {
    return address >= base && address - base < size;
  }

  @Override
  public String toString() {
    return kind + "[0x" + Long.toHexString(base) + ", 0x" + Long.toHexString(end()) + ")";
  }
}

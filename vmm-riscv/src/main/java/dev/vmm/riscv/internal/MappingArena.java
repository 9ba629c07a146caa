package dev.vmm.riscv.internal;

/**
 * Where anonymous {@code mmap}s go: a bump allocator over one fixed range of guest addresses.
 * Freeing the most recent mapping hands its pages back; freeing any other leaks them until the
 * mappings above are gone too, which is enough for a libc's occasional large allocations and
 * keeps the arena a pair of numbers.
 */
public final class MappingArena {
  private static final long PAGE = 4096;

  private final long start;
  private final long end;
  private long next;

  /**
   * Creates an empty arena.
   *
   * @param start the lowest address, page aligned
   * @param end one past the highest, page aligned, not below {@code start}
   * @throws IllegalArgumentException if the bounds are not page aligned or out of order
   */
  public MappingArena(long start, long end) {
    if ((start | end) % PAGE != 0 || Long.compareUnsigned(start, end) > 0) {
      throw new IllegalArgumentException(String.format(
          "mapping range 0x%x..0x%x must be page aligned and ordered", start, end));
    }
    this.start = start;
    this.end = end;
    this.next = start;
  }

  /**
   * Rounds a length up to whole pages.
   *
   * @param length a length in bytes
   * @return the page-rounded length, or -1 if it does not fit in the address space
   */
  public static long pages(long length) {
    long rounded = (length + PAGE - 1) & -PAGE;
    return Long.compareUnsigned(rounded, length) < 0 ? -1 : rounded;
  }

  /**
   * Takes {@code length} bytes (already page-rounded) from the arena.
   *
   * @param length the page-rounded length, positive
   * @return the address, or -1 if the arena has no room
   */
  public long allocate(long length) {
    if (Long.compareUnsigned(length, end - next) > 0) {
      return -1;
    }
    long address = next;
    next += length;
    return address;
  }

  /**
   * Gives pages back; only a range that ends at the arena's high-water mark is reused.
   *
   * @param address the page-aligned start
   * @param length the page-rounded length
   */
  public void free(long address, long length) {
    if (address + length == next && Long.compareUnsigned(address, start) >= 0) {
      next = address;
    }
  }

  /**
   * Returns whether a range lies inside the arena's address range.
   *
   * @param address the start
   * @param length the length
   * @return true if {@code [address, address + length)} is inside
   */
  public boolean contains(long address, long length) {
    return Long.compareUnsigned(address, start) >= 0
        && Long.compareUnsigned(length, end - address) <= 0;
  }
}

package dev.vmm.memory;

/**
 * A snapshot of one allocation-table entry: a live allocation, or a freed one still held in the
 * quarantine.
 *
 * @param tag the identifier its pointers carry, never 0
 * @param base the address of its first byte
 * @param size the size the guest asked for, in bytes; the allocation is exactly
 *     {@code [base, base + size)}, to the byte
 * @param state live or quarantined
 * @param allocationSite the site the caller passed to the call that allocated it (a guest pc, say)
 * @param freeSite the site passed to the call that freed it; 0 while live
 * @param pointer the tagged pointer the allocator returned for it
 */
public record Allocation(
    int tag, long base, long size, State state, long allocationSite, long freeSite, long pointer) {

  /** Where an allocation is in its life. */
  public enum State {
    /** Allocated and not yet freed: accesses inside it through its pointer are allowed. */
    LIVE,
    /**
     * Freed, with its memory and identifier held back from reuse so that accesses through a
     * stale pointer are reported as use after free.
     */
    QUARANTINED
  }

  /**
   * Returns the address just past the allocation.
   *
   * @return {@code base + size}
   */
  public long end() {
    return base + size;
  }

  @Override
  public String toString() {
    return state.name().toLowerCase(java.util.Locale.ROOT) + " allocation [0x"
        + Long.toHexString(base) + ", 0x" + Long.toHexString(end()) + ") of " + size
        + " bytes, tag 0x" + Integer.toHexString(tag) + ", allocated at 0x"
        + Long.toHexString(allocationSite)
        + (state == State.QUARANTINED ? ", freed at 0x" + Long.toHexString(freeSite) : "");
  }
}

package dev.vmm.memory;

/** Whether loads, stores and copies are checked. Both modes have the same API and allocator. */
public enum CheckMode {
  /**
   * Every access is checked against the region map and, in the heap, against the allocation that
   * maps the address (tag and exact bounds). The default.
   */
  CHECKED,
  /**
   * Accesses only strip the tag and touch memory; an address beyond the end of memory is still an
   * {@link ViolationKind#UNMAPPED} violation, nothing else is. The allocator still tags, quarantines
   * and validates frees. Use it to measure what checking costs, or for trusted guests.
   */
  UNCHECKED
}

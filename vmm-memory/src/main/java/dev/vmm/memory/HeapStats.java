package dev.vmm.memory;

/**
 * A snapshot of the heap's accounting, taken under the allocator's lock.
 *
 * @param heapBytes the heap region's size
 * @param liveAllocations allocations live now
 * @param liveBytes the sum of their requested sizes
 * @param quarantinedAllocations freed allocations held in the quarantine
 * @param quarantinedBytes the heap bytes they hold (whole granules)
 * @param freeBytes heap bytes available to the allocator (whole granules)
 * @param shadowBytes bytes of the granule shadow: 8 per {@value GuestMemory#GRANULE_SIZE}-byte
 *     granule of heap
 * @param tableBytes bytes of the allocation table as currently sized (entries for live,
 *     quarantined and free blocks, plus spare capacity)
 */
public record HeapStats(
    long heapBytes,
    long liveAllocations,
    long liveBytes,
    long quarantinedAllocations,
    long quarantinedBytes,
    long freeBytes,
    long shadowBytes,
    long tableBytes) {

  /**
   * Returns the checking metadata per heap byte.
   *
   * @return {@code (shadowBytes + tableBytes) / heapBytes}
   */
  public double metadataPerHeapByte() {
    return (double) (shadowBytes + tableBytes) / heapBytes;
  }
}

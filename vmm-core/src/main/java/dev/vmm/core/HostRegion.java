package dev.vmm.core;

/**
 * The host's view of a range of guest memory that the guest shared with the VMM
 * ({@link HypercallAbi#REGION_SHARE}): a buffer both sides use in place, without copying it
 * through a channel. The host finds it by the handle the guest tells it, through
 * {@code vmm.objects().resolve(guest, VmmKinds.REGION, handle)}, which answers only for a live
 * region of that guest.
 *
 * <p>Every access goes through the guest's checked memory with the pointer the guest shared, tag
 * included, so the host can never reach outside the range, nor into memory the guest has freed:
 * such an access throws vmm-memory's {@code MemoryViolationException}, as a guest's own would
 * report. An access outside {@code [0, size())} throws {@link IndexOutOfBoundsException}; an
 * access after the guest released the region, or after the guest was destroyed, throws
 * {@link IllegalStateException}. The bytes themselves are plain memory shared with the guest's
 * harts: the two sides agree on who writes when (through a channel, say).
 */
public interface HostRegion extends GuestObject {
  /**
   * Returns the handle the guest names this region by.
   *
   * @return the handle
   */
  long handle();

  /**
   * Returns the guest pointer the region starts at, as the guest shared it.
   *
   * @return the pointer
   */
  long pointer();

  /**
   * Returns the region's size.
   *
   * @return the size in bytes, at least 1
   */
  long size();

  /**
   * Tells whether the guest released the region (or was destroyed).
   *
   * @return whether further accesses are refused
   */
  boolean isReleased();

  /**
   * Copies bytes out of the region.
   *
   * @param offset where in the region to start
   * @param destination the host array
   * @param at the first index of {@code destination} to fill
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the region or the array
   * @throws IllegalStateException if the region was released
   */
  void read(long offset, byte[] destination, int at, int length);

  /**
   * Copies bytes into the region.
   *
   * @param offset where in the region to start
   * @param source the host array
   * @param at the first index of {@code source} to copy
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the region or the array
   * @throws IllegalStateException if the region was released
   */
  void write(long offset, byte[] source, int at, int length);
}

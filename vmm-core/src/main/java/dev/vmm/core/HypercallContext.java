package dev.vmm.core;

import dev.vmm.handles.HandleKind;
import dev.vmm.memory.GuestMemory;

/**
 * The calling guest, as a hypercall sees it: checked access to its memory and to the objects it
 * owns. One per guest; hypercalls of one guest on several harts share it, so it holds no
 * per-call state.
 *
 * <p>Every method either does what it says or throws: {@link HypercallException} for a bad
 * handle or length, {@code MemoryViolationException} for a pointer the guest's memory refuses
 * (the dispatcher returns {@link HypercallError#FAULT}).
 */
public interface HypercallContext {
  /**
   * Returns the calling guest.
   *
   * @return the guest
   */
  Guest guest();

  /**
   * Returns the calling guest's memory, for accesses the other methods do not cover. Every access
   * is checked, as for the guest's own code.
   *
   * @return the memory
   */
  GuestMemory memory();

  /**
   * Resolves a handle the guest passed.
   *
   * @param kind the kind the call expects
   * @param handle the raw argument
   * @param <T> the kind's type
   * @return the object, live, of that kind, owned by the calling guest
   * @throws HypercallException with {@link HypercallError#BAD_HANDLE} otherwise
   */
  <T extends GuestObject> T resolve(HandleKind<T> kind, long handle);

  /**
   * Checks a length argument.
   *
   * @param length the raw argument
   * @param max the largest allowed
   * @return the length as an int
   * @throws HypercallException with {@link HypercallError#INVALID} if it is negative or above
   *     {@code max}
   */
  int length(long length, int max);

  /**
   * Copies guest bytes into a new array.
   *
   * @param pointer the guest pointer
   * @param length the raw length argument, at most {@link HypercallAbi#MAX_TRANSFER}
   * @return the bytes
   */
  byte[] read(long pointer, long length);

  /**
   * Copies guest bytes into a host array.
   *
   * @param pointer the guest pointer
   * @param destination the host array
   * @param offset where the first byte goes
   * @param length how many bytes
   */
  void read(long pointer, byte[] destination, int offset, int length);

  /**
   * Copies host bytes into guest memory.
   *
   * @param pointer the guest pointer
   * @param source the host array
   * @param offset the first byte to copy
   * @param length how many bytes
   */
  void write(long pointer, byte[] source, int offset, int length);
}

package dev.vmm.core;

import dev.vmm.handles.HandleKind;

/**
 * The VMM's table of guest-owned objects, for modules that add kinds of their own (vmm-update's
 * staging sessions, say). Backed by a lock-free {@code HandleTable}: lookups take no lock.
 *
 * <p>Lookups on a guest's behalf ({@link #resolve}, {@link #remove}) answer only for objects that
 * guest owns: another guest's handle, a stale one, a forged one or one of another kind all give
 * {@code null}, so a service cannot be tricked into acting on another guest's object.
 */
public interface GuestObjects {
  /**
   * Inserts an object under its kind.
   *
   * @param kind the object's kind
   * @param object the object; its {@link GuestObject#owner()} is the only guest that may name it
   * @param <T> the kind's type
   * @return the object's handle, never 0
   */
  <T extends GuestObject> long insert(HandleKind<T> kind, T object);

  /**
   * Resolves a handle on a guest's behalf.
   *
   * @param caller the guest naming the handle
   * @param kind the kind expected
   * @param handle any value
   * @param <T> the kind's type
   * @return the object, or {@code null} unless the handle is live, of that kind and owned by
   *     {@code caller}
   */
  <T extends GuestObject> T resolve(Guest caller, HandleKind<T> kind, long handle);

  /**
   * Removes a handle on a guest's behalf; the handle never resolves again.
   *
   * @param caller the guest naming the handle
   * @param kind the kind expected
   * @param handle any value
   * @param <T> the kind's type
   * @return the object removed, or {@code null} under the same conditions as {@link #resolve}
   */
  <T extends GuestObject> T remove(Guest caller, HandleKind<T> kind, long handle);
}

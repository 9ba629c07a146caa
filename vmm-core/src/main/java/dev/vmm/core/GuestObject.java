package dev.vmm.core;

/**
 * An object in the VMM's handle table that belongs to one guest: a channel, a staging session, a
 * region. A hypercall may name it only from the guest that owns it; every lookup on a guest's
 * behalf compares {@link #owner()} with the calling guest, by identity.
 */
public interface GuestObject {
  /**
   * Returns the guest that owns this object.
   *
   * @return the owner, never null
   */
  Guest owner();
}

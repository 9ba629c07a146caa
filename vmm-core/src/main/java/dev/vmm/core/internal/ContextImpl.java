package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObject;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.handles.HandleKind;
import dev.vmm.handles.HandleLayout;
import dev.vmm.memory.GuestMemory;

/** A guest as its hypercalls see it; allocation-free on success. */
final class ContextImpl implements HypercallContext {
  private final GuestImpl guest;
  private final ObjectTable objects;

  ContextImpl(GuestImpl guest, ObjectTable objects) {
    this.guest = guest;
    this.objects = objects;
  }

  @Override
  public Guest guest() {
    return guest;
  }

  @Override
  public GuestMemory memory() {
    return guest.memory();
  }

  @Override
  public <T extends GuestObject> T resolve(HandleKind<T> kind, long handle) {
    T object = objects.resolve(guest, kind, handle);
    if (object == null) {
      throw new HypercallException(HypercallError.BAD_HANDLE, HandleLayout.describe(handle)
          + " is not a live " + kind.name() + " of guest '" + guest.name() + "'");
    }
    return object;
  }

  @Override
  public int length(long length, int max) {
    if (length < 0 || length > max) {
      throw new HypercallException(
          HypercallError.INVALID, "length " + length + " is outside 0.." + max);
    }
    return (int) length;
  }

  @Override
  public byte[] read(long pointer, long length) {
    byte[] bytes = new byte[length(length, HypercallAbi.MAX_TRANSFER)];
    guest.memory().copyOut(pointer, bytes, 0, bytes.length);
    return bytes;
  }

  @Override
  public void read(long pointer, byte[] destination, int offset, int length) {
    guest.memory().copyOut(pointer, destination, offset, length);
  }

  @Override
  public void write(long pointer, byte[] source, int offset, int length) {
    guest.memory().copyIn(pointer, source, offset, length);
  }
}

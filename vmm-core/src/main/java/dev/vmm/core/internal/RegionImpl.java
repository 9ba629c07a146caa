package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.HostRegion;
import java.util.Objects;

/** A shared range: the guest's pointer and size; every access through its checked memory. */
final class RegionImpl implements HostRegion {
  private final GuestImpl guest;
  private final long pointer;
  private final long size;
  private volatile long handle;
  private volatile boolean released;

  RegionImpl(GuestImpl guest, long pointer, long size) {
    this.guest = guest;
    this.pointer = pointer;
    this.size = size;
  }

  void bind(long handle) {
    this.handle = handle;
  }

  void release() {
    released = true;
  }

  @Override
  public Guest owner() {
    return guest;
  }

  @Override
  public long handle() {
    return handle;
  }

  @Override
  public long pointer() {
    return pointer;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean isReleased() {
    return released;
  }

  @Override
  public void read(long offset, byte[] destination, int at, int length) {
    Objects.checkFromIndexSize(at, length, destination.length);
    guest.memory().copyOut(checked(offset, length), destination, at, length);
  }

  @Override
  public void write(long offset, byte[] source, int at, int length) {
    Objects.checkFromIndexSize(at, length, source.length);
    guest.memory().copyIn(checked(offset, length), source, at, length);
  }

  /** The guest pointer of {@code [offset, offset + length)}, which must lie inside the region. */
  private long checked(long offset, int length) {
    if (released) {
      throw new IllegalStateException("region 0x" + Long.toHexString(handle) + " of " + guest
          + " was released");
    }
    Objects.checkFromIndexSize(offset, length, size);
    return pointer + offset;
  }

  @Override
  public String toString() {
    return "region 0x" + Long.toHexString(handle) + " [0x" + Long.toHexString(pointer) + ", +"
        + size + ") of " + guest;
  }
}

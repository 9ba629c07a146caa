package dev.vmm.core.internal;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.VmmKinds;

/** A guest's shared regions: at most {@link HypercallAbi#MAX_REGIONS}, all gone with the guest. */
final class GuestRegions {
  private final GuestImpl guest;
  private final ObjectTable objects;
  private int count;

  GuestRegions(GuestImpl guest, ObjectTable objects) {
    this.guest = guest;
    this.objects = objects;
  }

  /** Shares a range the caller has checked; its handle. */
  synchronized long share(long pointer, long size) {
    if (count == HypercallAbi.MAX_REGIONS) {
      throw new HypercallException(HypercallError.NO_MEMORY, guest + " already shares "
          + HypercallAbi.MAX_REGIONS + " regions");
    }
    RegionImpl region = new RegionImpl(guest, pointer, size);
    long handle = objects.insert(VmmKinds.REGION, region);
    region.bind(handle);
    count++;
    return handle;
  }

  synchronized void release(long handle) {
    RegionImpl region = (RegionImpl) objects.remove(guest, VmmKinds.REGION, handle);
    if (region == null) {
      throw new HypercallException(HypercallError.BAD_HANDLE,
          "0x" + Long.toHexString(handle) + " is not a live region of this guest");
    }
    region.release();
    count--;
  }

  synchronized void destroyAll() {
    objects.forEach(VmmKinds.REGION, region -> {
      if (region.owner() == guest) {
        ((RegionImpl) region).release();
        objects.remove(guest, VmmKinds.REGION, region.handle());
      }
    });
    count = 0;
  }
}

package dev.vmm.core.internal;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import jakarta.inject.Inject;

/** Guest memory shared with the VMM in place: share a range, release it. */
final class RegionService implements HypercallService {
  @Inject
  RegionService() {}

  @Override
  public String name() {
    return "region";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(HypercallAbi.REGION_SHARE, "share", RegionService::share);
    registrar.register(HypercallAbi.REGION_RELEASE, "release", RegionService::release);
  }

  private static long share(HypercallContext context, long pointer, long size, long a2, long a3,
      long a4, long a5) {
    long memorySize = context.memory().size();
    if (size < 1 || size > memorySize) {
      throw new HypercallException(HypercallError.INVALID,
          "region size " + size + " is outside 1.." + memorySize);
    }
    // The first and last byte must be the guest's to read through this pointer (a write here
    // could race the guest's other harts); every later access by the host is checked again, whole.
    byte[] edge = new byte[1];
    context.read(pointer, edge, 0, 1);
    context.read(pointer + size - 1, edge, 0, 1);
    return ((GuestImpl) context.guest()).regions().share(pointer, size);
  }

  private static long release(HypercallContext context, long handle, long a1, long a2, long a3,
      long a4, long a5) {
    ((GuestImpl) context.guest()).regions().release(handle);
    return 0;
  }
}

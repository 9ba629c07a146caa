package dev.vmm.core.internal;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import jakarta.inject.Inject;

/** {@link HypercallAbi#INFO}: who the guest is and which VMM serves it. */
final class InfoService implements HypercallService {
  /** This VMM's version, major.minor.patch packed as 16.16.16 bits: 0.1.0. */
  static final long VMM_VERSION = 1L << 16;

  @Inject
  InfoService() {}

  @Override
  public String name() {
    return "info";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(HypercallAbi.INFO, "info", InfoService::info);
  }

  private static long info(HypercallContext context, long buffer, long length, long a2, long a3,
      long a4, long a5) {
    if (length < HypercallAbi.INFO_SIZE) {
      throw new HypercallException(HypercallError.INVALID, "info needs "
          + HypercallAbi.INFO_SIZE + " bytes, the buffer has " + length);
    }
    byte[] record = new byte[HypercallAbi.INFO_SIZE];
    putLong(record, 0, context.guest().id());
    putLong(record, 8, HypercallAbi.VERSION);
    putLong(record, 16, VMM_VERSION);
    context.write(buffer, record, 0, record.length);
    return record.length;
  }

  private static void putLong(byte[] bytes, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      bytes[offset + i] = (byte) (value >>> (8 * i));
    }
  }
}

package dev.vmm.riscv.internal;

import dev.vmm.riscv.HartMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The host's unchecked path into guest memory, as a {@link HartMemory} so that the ELF loader
 * can write a program's read-only code and data, which the guest itself may not store to.
 * Addresses are plain offsets into the guest's physical memory; an address outside it throws
 * {@link IndexOutOfBoundsException}.
 */
public final class HostWritePort implements HartMemory {
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment bytes;

  /**
   * Wraps guest physical memory.
   *
   * @param bytes the memory, {@code GuestMemory.physical()}
   */
  public HostWritePort(MemorySegment bytes) {
    this.bytes = bytes;
  }

  @Override
  public byte load8(long p) {
    return bytes.get(ValueLayout.JAVA_BYTE, p);
  }

  @Override
  public short load16(long p) {
    return bytes.get(SHORT, p);
  }

  @Override
  public int load32(long p) {
    return bytes.get(INT, p);
  }

  @Override
  public long load64(long p) {
    return bytes.get(LONG, p);
  }

  @Override
  public void store8(long p, int v) {
    bytes.set(ValueLayout.JAVA_BYTE, p, (byte) v);
  }

  @Override
  public void store16(long p, int v) {
    bytes.set(SHORT, p, (short) v);
  }

  @Override
  public void store32(long p, int v) {
    bytes.set(INT, p, v);
  }

  @Override
  public void store64(long p, long v) {
    bytes.set(LONG, p, v);
  }
}

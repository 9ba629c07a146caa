package dev.vmm.bench.riscv;

import dev.vmm.riscv.HartMemory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The baseline memory of the guest-IPS benchmark: one {@code byte[]} from address 0, no tags, no
 * regions, only the array's own bounds. What the interpreter costs with the cheapest memory a
 * JVM offers, so the checked and unchecked {@code GuestMemory} rows show what memory adds.
 */
final class ArrayHartMemory implements HartMemory {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;

  ArrayHartMemory(int size) {
    this.bytes = new byte[size];
  }

  /** The array index of {@code p}; an address past 2 GiB would wrap in an int cast, so refuse it. */
  private static int at(long p) {
    if ((p >>> 31) != 0) {
      throw new IndexOutOfBoundsException("address 0x" + Long.toHexString(p) + " is past 2 GiB");
    }
    return (int) p;
  }

  @Override
  public byte load8(long p) {
    return bytes[at(p)];
  }

  @Override
  public short load16(long p) {
    return (short) SHORT.get(bytes, at(p));
  }

  @Override
  public int load32(long p) {
    return (int) INT.get(bytes, at(p));
  }

  @Override
  public long load64(long p) {
    return (long) LONG.get(bytes, at(p));
  }

  @Override
  public void store8(long p, int v) {
    bytes[at(p)] = (byte) v;
  }

  @Override
  public void store16(long p, int v) {
    SHORT.set(bytes, at(p), (short) v);
  }

  @Override
  public void store32(long p, int v) {
    INT.set(bytes, at(p), v);
  }

  @Override
  public void store64(long p, long v) {
    LONG.set(bytes, at(p), v);
  }
}

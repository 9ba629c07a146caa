package dev.vmm.riscv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The simple memory the tests run the hart on: one byte array mapped at {@code base}. Any
 * access outside it throws {@link OutOfRange}, which the hart must turn into a
 * {@link HartStop.MemoryFault}. Misaligned accesses work, as the port contract allows.
 */
final class ByteArrayMemory implements HartMemory {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** What the test memory throws for an access outside its array. */
  static final class OutOfRange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfRange(long address, int size) {
      super(size + "-byte access at 0x" + Long.toHexString(address) + " is outside test memory");
    }
  }

  final long base;
  final byte[] bytes;

  ByteArrayMemory(long base, int size) {
    this.base = base;
    this.bytes = new byte[size];
  }

  long end() {
    return base + bytes.length;
  }

  private int at(long p, int size) {
    long offset = p - base;
    if (offset < 0 || offset > bytes.length - size) {
      throw new OutOfRange(p, size);
    }
    return (int) offset;
  }

  @Override
  public byte load8(long p) {
    return bytes[at(p, 1)];
  }

  @Override
  public short load16(long p) {
    return (short) SHORT.get(bytes, at(p, 2));
  }

  @Override
  public int load32(long p) {
    return (int) INT.get(bytes, at(p, 4));
  }

  @Override
  public long load64(long p) {
    return (long) LONG.get(bytes, at(p, 8));
  }

  @Override
  public void store8(long p, int v) {
    bytes[at(p, 1)] = (byte) v;
  }

  @Override
  public void store16(long p, int v) {
    SHORT.set(bytes, at(p, 2), (short) v);
  }

  @Override
  public void store32(long p, int v) {
    INT.set(bytes, at(p, 4), v);
  }

  @Override
  public void store64(long p, long v) {
    LONG.set(bytes, at(p, 8), v);
  }
}

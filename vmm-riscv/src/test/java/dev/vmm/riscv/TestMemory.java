package dev.vmm.riscv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The simple memory the tests run harts on: one zeroed block mapped at {@code base}.
 * Any access outside it throws {@link OutOfRange}, which the hart must turn into a
 * {@link HartStop.MemoryFault}. Misaligned accesses work, as the port contract allows.
 *
 * <p>A memory segment over a {@code long[]} rather than a {@code byte[]} because harts on several
 * threads share it: its 8-byte alignment gives real hardware compare-and-swaps (the JDK offers no
 * atomic access to byte-array views), so AMOs and SC are atomic against every store.
 */
final class TestMemory implements HartMemory {
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle ATOMIC_INT =
      ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
  private static final VarHandle ATOMIC_LONG =
      ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

  /** What the test memory throws for an access outside it. */
  static final class OutOfRange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfRange(long address, int size) {
      super(size + "-byte access at 0x" + Long.toHexString(address) + " is outside test memory");
    }
  }

  final long base;
  private final MemorySegment segment;

  TestMemory(long base, int size) {
    this.base = base;
    this.segment = MemorySegment.ofArray(new long[(size + 7) / 8]); // zeroed, 8-byte aligned
  }

  long end() {
    return base + segment.byteSize();
  }

  /** Sets every byte, so a test can see which ones the code under test wrote. */
  void fill(byte value) {
    segment.fill(value);
  }

  private long at(long p, int size) {
    long offset = p - base;
    if (offset < 0 || offset > segment.byteSize() - size) {
      throw new OutOfRange(p, size);
    }
    return offset;
  }

  @Override
  public byte load8(long p) {
    return segment.get(ValueLayout.JAVA_BYTE, at(p, 1));
  }

  @Override
  public short load16(long p) {
    return segment.get(SHORT, at(p, 2));
  }

  @Override
  public int load32(long p) {
    return segment.get(INT, at(p, 4));
  }

  @Override
  public long load64(long p) {
    return segment.get(LONG, at(p, 8));
  }

  @Override
  public void store8(long p, int v) {
    segment.set(ValueLayout.JAVA_BYTE, at(p, 1), (byte) v);
  }

  @Override
  public void store16(long p, int v) {
    segment.set(SHORT, at(p, 2), (short) v);
  }

  @Override
  public void store32(long p, int v) {
    segment.set(INT, at(p, 4), v);
  }

  @Override
  public void store64(long p, long v) {
    segment.set(LONG, at(p, 8), v);
  }

  @Override
  public boolean compareAndSwap32(long p, int expected, int v) {
    return ATOMIC_INT.compareAndSet(segment, at(p, 4), expected, v);
  }

  @Override
  public boolean compareAndSwap64(long p, long expected, long v) {
    return ATOMIC_LONG.compareAndSet(segment, at(p, 8), expected, v);
  }
}

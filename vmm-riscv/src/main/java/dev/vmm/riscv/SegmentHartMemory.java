package dev.vmm.riscv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A plain {@link HartMemory}: one block of bytes mapped at a base address, little-endian, any
 * alignment, no tags and no permissions. For tests and tools, and for the host's own writes into
 * guest memory (the ELF loader writes read-only code through it, which the guest may not).
 *
 * <p>An access that does not lie wholly inside the block throws {@link IndexOutOfBoundsException}
 * naming the address and the block, which a hart turns into a {@link HartStop.MemoryFault}.
 * Compare-and-swaps are atomic against every other access when the block is aligned for them:
 * {@link #zeroed} memory is (it sits on a {@code long[]}), as is a native segment; so harts on
 * several threads may share it. The JDK offers no atomic access to a {@code byte[]} view.
 */
public final class SegmentHartMemory implements HartMemory {
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

  private final MemorySegment segment;
  private final long base;

  /**
   * Maps a segment at a base address: guest address {@code base + i} is byte {@code i}.
   *
   * @param segment the bytes; accesses go straight to it
   * @param base the guest address of its first byte
   */
  public SegmentHartMemory(MemorySegment segment, long base) {
    this.segment = segment;
    this.base = base;
  }

  /**
   * Returns a new zeroed block, aligned for atomic compare-and-swaps.
   *
   * @param base the guest address of its first byte
   * @param size its size in bytes
   * @return the memory
   * @throws IllegalArgumentException if {@code size} is negative or above what a {@code long[]}
   *     holds
   */
  public static SegmentHartMemory zeroed(long base, long size) {
    if (size < 0 || (size + 7) / 8 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("memory size must be 0 to 16 GiB: " + size);
    }
    return new SegmentHartMemory(MemorySegment.ofArray(new long[(int) ((size + 7) / 8)]), base);
  }

  /**
   * Returns the bytes, indexed from the base address.
   *
   * @return the segment
   */
  public MemorySegment segment() {
    return segment;
  }

  /**
   * Returns the guest address of the first byte.
   *
   * @return the base
   */
  public long base() {
    return base;
  }

  /**
   * Returns the guest address just past the last byte.
   *
   * @return the end
   */
  public long end() {
    return base + segment.byteSize();
  }

  private long at(long p, int size) {
    long offset = p - base;
    if (offset < 0 || offset > segment.byteSize() - size) {
      throw new IndexOutOfBoundsException(size + "-byte access at 0x" + Long.toHexString(p)
          + " is outside memory 0x" + Long.toHexString(base) + "..0x" + Long.toHexString(end()));
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

package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.Allocation;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.HeapStats;
import dev.vmm.memory.LeakReport;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.Region;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * What both modes share: the segment, the region map, the heap, bulk copies and the allocator
 * calls. The subclasses supply the scalar accesses and {@link #checkRange}, so each mode's hot path
 * is one small final method the JIT inlines.
 */
abstract sealed class AbstractGuestMemory implements GuestMemory
    permits CheckedGuestMemory, UncheckedGuestMemory {
  static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle ATOMIC_INT =
      ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
  private static final VarHandle ATOMIC_LONG =
      ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

  final PointerLayout layout;
  final long addressMask;
  final MemorySegment segment;
  final RegionMap regions;
  final TaggedHeap heap;
  final Diagnosis diagnosis;
  final ViolationHandler handler;
  private final Arena arena;
  private volatile boolean closed;

  AbstractGuestMemory(PointerLayout layout, MemorySegment segment, Arena arena, RegionMap regions,
      TaggedHeap heap, ViolationHandler handler) {
    this.layout = layout;
    this.addressMask = layout.addressMask();
    this.segment = segment;
    this.arena = arena;
    this.regions = regions;
    this.heap = heap;
    this.handler = handler;
    this.diagnosis = new Diagnosis(regions, heap, layout.addressBits());
  }

  /**
   * Checks an access of {@code length > 0} bytes: returns the address, or -1 if it was refused and
   * the handler returned (the caller then does nothing).
   */
  abstract long checkRange(long pointer, long length, AccessKind access);

  @Override
  public final PointerLayout layout() {
    return layout;
  }

  @Override
  public final long size() {
    return regions.size();
  }

  @Override
  public final List<Region> regions() {
    return regions.regions();
  }

  @Override
  public final Region heap() {
    return regions.heap();
  }

  @Override
  public final MemorySegment physical() {
    ensureOpen();
    return segment;
  }

  // ---- Atomics: checked as writes, then one hardware compare-and-swap. ---------------------

  @Override
  public final boolean compareAndSet32(long pointer, int expected, int value) {
    long address = alignedForAtomic(pointer, 4);
    return address < 0 || (boolean) ATOMIC_INT.compareAndSet(segment, address, expected, value);
  }

  @Override
  public final boolean compareAndSet64(long pointer, long expected, long value) {
    long address = alignedForAtomic(pointer, 8);
    return address < 0 || (boolean) ATOMIC_LONG.compareAndSet(segment, address, expected, value);
  }

  private long alignedForAtomic(long pointer, int size) {
    if ((pointer & (size - 1)) != 0) {
      throw new IllegalArgumentException(size + "-byte compare-and-set needs a " + size
          + "-byte aligned address: 0x" + Long.toHexString(pointer));
    }
    return checkRange(pointer, size, AccessKind.WRITE);
  }

  // ---- Bulk. ------------------------------------------------------------------------------

  @Override
  public final void copyIn(long pointer, byte[] source, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, source.length);
    if (length == 0) {
      return;
    }
    long address = checkRange(pointer, length, AccessKind.WRITE);
    if (address >= 0) {
      MemorySegment.copy(source, offset, segment, ValueLayout.JAVA_BYTE, address, length);
    }
  }

  @Override
  public final void copyIn(long pointer, MemorySegment source) {
    long length = source.byteSize();
    if (length == 0) {
      return;
    }
    long address = checkRange(pointer, length, AccessKind.WRITE);
    if (address >= 0) {
      MemorySegment.copy(source, 0, segment, address, length);
    }
  }

  @Override
  public final void copyOut(long pointer, byte[] destination, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, destination.length);
    if (length == 0) {
      return;
    }
    long address = checkRange(pointer, length, AccessKind.READ);
    if (address >= 0) {
      MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, address, destination, offset, length);
    }
  }

  @Override
  public final void copyOut(long pointer, MemorySegment destination) {
    long length = destination.byteSize();
    if (length == 0) {
      return;
    }
    long address = checkRange(pointer, length, AccessKind.READ);
    if (address >= 0) {
      MemorySegment.copy(segment, address, destination, 0, length);
    }
  }

  @Override
  public final void copy(long destination, long source, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    if (length == 0) {
      return;
    }
    long from = checkRange(source, length, AccessKind.READ);
    if (from < 0) {
      return;
    }
    long to = checkRange(destination, length, AccessKind.WRITE);
    if (to >= 0) {
      MemorySegment.copy(segment, from, segment, to, length);
    }
  }

  @Override
  public final void fill(long pointer, int value, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    if (length == 0) {
      return;
    }
    long address = checkRange(pointer, length, AccessKind.WRITE);
    if (address >= 0) {
      segment.asSlice(address, length).fill((byte) value);
    }
  }

  /** The slow path shared by both modes: diagnose, report, tell the caller whether to go on. */
  final long refuseOrAllow(long pointer, long length, AccessKind access) {
    ensureOpen();
    var violation = diagnosis.diagnose(pointer, length, access);
    if (violation == null) {
      return pointer & addressMask;
    }
    handler.onViolation(violation);
    return -1;
  }

  /** The unchecked mode's slow path: the access ran past the end of memory. */
  final long refusePastEnd(long pointer, long length, AccessKind access) {
    ensureOpen();
    handler.onViolation(diagnosis.pastEnd(pointer, length, access));
    return -1;
  }

  // ---- Allocator. -------------------------------------------------------------------------

  @Override
  public final long malloc(long size, long site) {
    ensureOpen();
    return heap.allocate(size, GRANULE_SIZE, site);
  }

  @Override
  public final long calloc(long count, long size, long site) {
    ensureOpen();
    if (Math.unsignedMultiplyHigh(count, size) != 0) {
      return 0;
    }
    long bytes = count * size;
    long pointer = heap.allocate(bytes, GRANULE_SIZE, site);
    if (pointer != 0 && bytes > 0) {
      // No other thread can reach the allocation before its pointer is returned.
      segment.asSlice(pointer & addressMask, bytes).fill((byte) 0);
    }
    return pointer;
  }

  @Override
  public final long alignedAlloc(long alignment, long size, long site) {
    ensureOpen();
    if (alignment <= 0 || Long.bitCount(alignment) != 1) {
      return 0;
    }
    return heap.allocate(size, Math.max(alignment, GRANULE_SIZE), site);
  }

  @Override
  public final long realloc(long pointer, long size, long site) {
    ensureOpen();
    if (pointer == 0) {
      return heap.allocate(size, GRANULE_SIZE, site);
    }
    return heap.reallocate(pointer, size, site);
  }

  @Override
  public final void free(long pointer, long site) {
    ensureOpen();
    heap.free(pointer, site);
  }

  // ---- Introspection and life cycle. ------------------------------------------------------

  @Override
  public final Allocation allocationAt(long pointer) {
    ensureOpen();
    return heap.allocationAt(pointer & addressMask);
  }

  @Override
  public final LeakReport leaks() {
    ensureOpen();
    return heap.leaks();
  }

  @Override
  public final HeapStats stats() {
    ensureOpen();
    return heap.stats();
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      arena.close();
    }
  }

  final void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("guest memory is closed");
    }
  }

  @Override
  public final String toString() {
    return mode() + " guest memory of " + size() + " bytes, " + regions();
  }
}

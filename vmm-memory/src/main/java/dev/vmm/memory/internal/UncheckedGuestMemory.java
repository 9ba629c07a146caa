package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Unchecked mode: an access strips the tag and touches the segment. The segment's own bounds check
 * remains, so an address past the end of memory is still reported ({@code UNMAPPED}) rather than
 * escaping as a host exception; nothing else is checked.
 */
final class UncheckedGuestMemory extends AbstractGuestMemory {

  UncheckedGuestMemory(PointerLayout layout, MemorySegment segment, Arena arena,
      RegionMap regions, TaggedHeap heap, ViolationHandler handler) {
    super(layout, segment, arena, regions, heap, handler);
  }

  @Override
  public CheckMode mode() {
    return CheckMode.UNCHECKED;
  }

  @Override
  long checkRange(long pointer, long length, AccessKind access) {
    long address = pointer & addressMask;
    if (length <= segment.byteSize() - address) {
      return address;
    }
    return refusePastEnd(pointer, length, access);
  }

  private void outside(long pointer, int n, AccessKind access) {
    refusePastEnd(pointer, n, access);
  }

  @Override
  public byte load8(long pointer) {
    try {
      return segment.get(ValueLayout.JAVA_BYTE, pointer & addressMask);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 1, AccessKind.READ);
      return 0;
    }
  }

  @Override
  public short load16(long pointer) {
    try {
      return segment.get(SHORT, pointer & addressMask);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 2, AccessKind.READ);
      return 0;
    }
  }

  @Override
  public int load32(long pointer) {
    try {
      return segment.get(INT, pointer & addressMask);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 4, AccessKind.READ);
      return 0;
    }
  }

  @Override
  public long load64(long pointer) {
    try {
      return segment.get(LONG, pointer & addressMask);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 8, AccessKind.READ);
      return 0;
    }
  }

  @Override
  public void store8(long pointer, int value) {
    try {
      segment.set(ValueLayout.JAVA_BYTE, pointer & addressMask, (byte) value);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 1, AccessKind.WRITE);
    }
  }

  @Override
  public void store16(long pointer, int value) {
    try {
      segment.set(SHORT, pointer & addressMask, (short) value);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 2, AccessKind.WRITE);
    }
  }

  @Override
  public void store32(long pointer, int value) {
    try {
      segment.set(INT, pointer & addressMask, value);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 4, AccessKind.WRITE);
    }
  }

  @Override
  public void store64(long pointer, long value) {
    try {
      segment.set(LONG, pointer & addressMask, value);
    } catch (IndexOutOfBoundsException e) {
      outside(pointer, 8, AccessKind.WRITE);
    }
  }
}

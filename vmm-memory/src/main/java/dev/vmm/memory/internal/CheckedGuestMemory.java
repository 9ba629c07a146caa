package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Checked mode. The fast path of every load and store is {@link #check}: for a heap address, one
 * shadow load, the entry's key and limit read between two loads of its sequence (a seqlock, see
 * {@link AllocationTable}), three compares; for an untagged address, two page
 * permission loads and an AND. Everything else, including every violation, goes out of line to
 * {@link #refuseOrAllow}. Nothing on the fast path allocates or locks.
 */
final class CheckedGuestMemory extends AbstractGuestMemory {
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final int READ = RegionMap.READ;
  private static final int WRITE = RegionMap.WRITE;

  private final long heapBase;
  private final long heapGranules;
  private final int[] owners;
  private final AllocationTable table;
  private final byte[] permissions;
  private final long memorySize;

  CheckedGuestMemory(PointerLayout layout, MemorySegment segment, Arena arena, RegionMap regions,
      TaggedHeap heap, ViolationHandler handler) {
    super(layout, segment, arena, regions, heap, handler);
    this.heapBase = heap.heapBase;
    this.heapGranules = heap.granules();
    this.owners = heap.shadow.owners;
    this.table = heap.table;
    this.permissions = regions.permissions();
    this.memorySize = regions.size();
  }

  @Override
  public CheckMode mode() {
    return CheckMode.CHECKED;
  }

  /**
   * Returns the address if an access of {@code n} (1 to 8) bytes is allowed, else goes to the slow
   * path. Heap: {@link #insideOneLife}. Elsewhere: the pointer is untagged and the first and last page both
   * allow the access ({@code n <= 8} spans at most two pages).
   */
  private long check(long pointer, int n, int need) {
    long address = pointer & addressMask;
    long granule = (address - heapBase) >>> Shadow.GRANULE_SHIFT;
    if (granule < heapGranules) {
      if (insideOneLife(pointer, granule, n)) {
        return address;
      }
    } else if (address == pointer) {
      long last = address + (n - 1);
      if (last < memorySize) {
        byte[] p = permissions;
        if ((p[(int) (address >>> RegionMap.PAGE_SHIFT)] & p[(int) (last >>> RegionMap.PAGE_SHIFT)]
            & need) != 0) {
          return address;
        }
      }
    }
    return refuseOrAllow(pointer, n, need == WRITE ? AccessKind.WRITE : AccessKind.READ);
  }

  /**
   * Whether {@code length} bytes at {@code pointer} lie inside the allocation that owns heap
   * granule {@code granule}, with its tag: {@code 0 <= p - key <= limit - length}, with a key and
   * limit from one life of the entry (its sequence even and unchanged across both loads, see
   * {@link AllocationTable}). {@code length <= limit} keeps {@code limit - length} from wrapping
   * for a freed entry's negative limit. False sends the caller to the slow path.
   */
  private boolean insideOneLife(long pointer, long granule, long length) {
    // Acquire: the entry written before the id was stored is visible (see Shadow).
    int id = (int) INTS.getAcquire(owners, (int) granule);
    long[] meta = table.metaAcquire();
    long seq = AllocationTable.readBegin(meta, id);
    long limit = AllocationTable.readLimit(meta, id);
    long offset = pointer - AllocationTable.readKey(meta, id);
    return offset >= 0 && length <= limit && offset <= limit - length
        && AllocationTable.readValid(meta, id, seq);
  }

  @Override
  long checkRange(long pointer, long length, AccessKind access) {
    long address = pointer & addressMask;
    long granule = (address - heapBase) >>> Shadow.GRANULE_SHIFT;
    if (granule < heapGranules) {
      if (insideOneLife(pointer, granule, length)) {
        return address;
      }
    } else if (address == pointer && length <= memorySize - address) {
      int need = access == AccessKind.WRITE ? WRITE : READ;
      byte[] p = permissions;
      int last = (int) ((address + length - 1) >>> RegionMap.PAGE_SHIFT);
      int page = (int) (address >>> RegionMap.PAGE_SHIFT);
      while (page <= last && (p[page] & need) != 0) {
        page++;
      }
      if (page > last) {
        return address;
      }
    }
    return refuseOrAllow(pointer, length, access);
  }

  @Override
  public byte load8(long pointer) {
    long address = check(pointer, 1, READ);
    return address >= 0 ? segment.get(ValueLayout.JAVA_BYTE, address) : 0;
  }

  @Override
  public short load16(long pointer) {
    long address = check(pointer, 2, READ);
    return address >= 0 ? segment.get(SHORT, address) : 0;
  }

  @Override
  public int load32(long pointer) {
    long address = check(pointer, 4, READ);
    return address >= 0 ? segment.get(INT, address) : 0;
  }

  @Override
  public long load64(long pointer) {
    long address = check(pointer, 8, READ);
    return address >= 0 ? segment.get(LONG, address) : 0;
  }

  @Override
  public void store8(long pointer, int value) {
    long address = check(pointer, 1, WRITE);
    if (address >= 0) {
      segment.set(ValueLayout.JAVA_BYTE, address, (byte) value);
    }
  }

  @Override
  public void store16(long pointer, int value) {
    long address = check(pointer, 2, WRITE);
    if (address >= 0) {
      segment.set(SHORT, address, (short) value);
    }
  }

  @Override
  public void store32(long pointer, int value) {
    long address = check(pointer, 4, WRITE);
    if (address >= 0) {
      segment.set(INT, address, value);
    }
  }

  @Override
  public void store64(long pointer, long value) {
    long address = check(pointer, 8, WRITE);
    if (address >= 0) {
      segment.set(LONG, address, value);
    }
  }
}

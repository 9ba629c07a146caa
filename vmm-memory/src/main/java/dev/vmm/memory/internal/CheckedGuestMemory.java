package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Checked mode. The fast path of every load and store is {@link #check}: for a heap address, one
 * load of the granule's access word ({@code tag << 8 | validBytes}, see {@link Shadow}), one
 * subtraction and one test that compare the tag and place the access's last byte at once; for an
 * untagged address, two page permission loads and an AND. An access that crosses into the next
 * granule (at most one, as it is at most 8 bytes) reads both words out of line, still lock-free;
 * everything else, including every violation, goes to {@link #refuseOrAllow}. Nothing on the fast
 * path allocates or locks, and nothing reads the allocation table.
 *
 * <p>Why one self-contained word per granule, over alternatives measured or weighed (JMH
 * {@code MemoryAccessBenchmark}, docs/benchmarks.md):
 *
 * <ul>
 *   <li>The previous check loaded the granule's owner id, then that entry's key and limit between
 *       two loads of its sequence number (a seqlock, because an id is reused across allocations
 *       and a key from one life with a limit from another could admit an access no state of the
 *       heap allowed): two dependent cache misses and four loads, 4 to 11 times a raw access.
 *   <li>An entry packed into one atomically read long (tag, base granule, size) removes the seqlock
 *       but keeps the dependent table load, caps the base and size it can pack, and sends large
 *       allocations out of line.
 *   <li>The access word needs neither: its one load is the whole check, it cannot tear, and it is
 *       independent of the table, so the entry's id moves to a second shadow array that only the
 *       allocator and the slow path read. The price is memory: the shadow is 8 bytes per 32-byte
 *       granule instead of 4 (25% of the heap instead of 12.5%), partly repaid by table entries
 *       that lost the sequence and padding (41 bytes instead of 57).
 * </ul>
 */
final class CheckedGuestMemory extends AbstractGuestMemory {
  private static final int READ = RegionMap.READ;
  private static final int WRITE = RegionMap.WRITE;
  private static final int IN_GRANULE = Shadow.GRANULE_SIZE - 1;

  private final long heapBase;
  private final long heapGranules;
  private final int tagShift;
  private final Shadow shadow;
  private final int[] words;
  private final byte[] permissions;
  private final long memorySize;

  CheckedGuestMemory(PointerLayout layout, MemorySegment segment, Arena arena, RegionMap regions,
      TaggedHeap heap, ViolationHandler handler) {
    super(layout, segment, arena, regions, heap, handler);
    this.heapBase = heap.heapBase;
    this.heapGranules = heap.granules();
    this.tagShift = layout.addressBits();
    this.shadow = heap.shadow;
    this.words = heap.shadow.words;
    this.permissions = regions.permissions();
    this.memorySize = regions.size();
  }

  @Override
  public CheckMode mode() {
    return CheckMode.CHECKED;
  }

  /**
   * Returns the address if an access of {@code n} (1 to 8) bytes is allowed, else goes out of
   * line. Heap: the granule's access word admits it (see {@link Shadow}; the heap and so every
   * granule start at a multiple of 32, so {@code address & 31} is the offset in the granule).
   * Elsewhere: the pointer is untagged and the first and last page both allow the access
   * ({@code n <= 8} spans at most two pages).
   */
  private long check(long pointer, int n, int need) {
    long address = pointer & addressMask;
    long granule = (address - heapBase) >>> Shadow.GRANULE_SHIFT;
    if (granule < heapGranules) {
      int word = Shadow.wordOpaque(words, (int) granule);
      if (Shadow.admits(word, (int) (pointer >>> tagShift), ((int) address & IN_GRANULE) + n)) {
        return address;
      }
      return acrossGranulesOrRefuse(pointer, address, n, need);
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

  /** A heap access the first granule's word refused: it may cross into the next granule. */
  private long acrossGranulesOrRefuse(long pointer, long address, int n, int need) {
    if (((int) address & IN_GRANULE) + n > Shadow.GRANULE_SIZE
        && coveredWordByWord(pointer, address, n)) {
      return address;
    }
    return refuseOrAllow(pointer, n, need == WRITE ? AccessKind.WRITE : AccessKind.READ);
  }

  /**
   * Whether {@code length > 0} bytes at heap address {@code address} lie inside one live
   * allocation tagged as {@code pointer} is, read from the access words of every granule they
   * touch: each but the last whole (valid bytes 32, the tag), the last valid up to the access's
   * end. The words are trusted only if the shadow's epoch did not move while they were read (see
   * {@link Shadow} for why that makes them one state of the heap). False sends the caller to the
   * slow path.
   */
  private boolean coveredWordByWord(long pointer, long address, long length) {
    long offset = address - heapBase;
    long lastGranule = (offset + length - 1) >>> Shadow.GRANULE_SHIFT;
    if (length > heap.heapSize || lastGranule >= heapGranules) {
      return false;
    }
    int tag = (int) (pointer >>> tagShift);
    int last = (int) lastGranule;
    int[] w = words;
    long epoch = shadow.epochAcquire();
    for (int g = (int) (offset >>> Shadow.GRANULE_SHIFT); g < last; g++) {
      if (!Shadow.admits(Shadow.wordOpaque(w, g), tag, Shadow.GRANULE_SIZE)) {
        return false;
      }
    }
    int end = ((int) (offset + length - 1) & IN_GRANULE) + 1;
    return Shadow.admits(Shadow.wordOpaque(w, last), tag, end) && shadow.epochUnchanged(epoch);
  }

  @Override
  long checkRange(long pointer, long length, AccessKind access) {
    long address = pointer & addressMask;
    long granule = (address - heapBase) >>> Shadow.GRANULE_SHIFT;
    if (granule < heapGranules) {
      if (coveredWordByWord(pointer, address, length)) {
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

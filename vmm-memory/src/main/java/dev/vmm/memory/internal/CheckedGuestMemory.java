package dev.vmm.memory.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.PointerLayout;
import dev.vmm.memory.ViolationHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Checked mode. The fast path of every load and store is {@link #allowed}: for a heap address, one
 * load of an access word ({@code tag << 7 | reach}, see {@link Shadow}), one subtraction and one
 * test that compare the tag and place the access's last byte at once, also for an access that
 * crosses into the next granule; for an untagged address, two page permission loads and an AND.
 * No branch depends on where in its granule an access falls. Bulk ranges read
 * one word per granule between two reads of the shadow's epoch. Everything else, including every
 * violation, goes to {@link #refuseOrAllow}. Nothing on the fast path allocates or locks, and
 * nothing reads the allocation table.
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
 *       allocations out of line. Its loads are those of the check before the seqlock was added
 *       (owner id, then one 16-byte entry), which measured 4.2 ns per random load and 2.2 ns per
 *       sequential one, 7x raw: the dependent load, not the seqlock, was most of the cost.
 *   <li>The access word needs neither: its one load is the whole check, it cannot tear, and it is
 *       independent of the table, so the entry's id moves to a second shadow array that only the
 *       allocator and the slow path read. A first version held {@code tag << 8 | validBytes} and
 *       sent accesses that cross a granule boundary (a fifth of random 8-byte ones) out of line to
 *       read two words; holding the reach instead makes them one load too, with no branch on the
 *       offset. Measured in CPU time per access with the benchmark's loops on a loaded 2-core
 *       machine, against raw access, in two runs: random loads 3.7-4.6x (the seqlocked entry:
 *       11-14x), random stores 1.4-1.7x (4.6-5.5x), sequential loads and stores 3.0-3.7x
 *       (5.2-7.7x), 1.5 to 6 ns less per access. What remains is the check's own instructions,
 *       about 25 per access in the unrolled loop C2 makes against about 8 for raw access: the
 *       heap range check, the shadow array's bounds check, the tag and end arithmetic, the word's
 *       load and the test. The price is memory: the shadow is 8 bytes per 32-byte granule
 *       instead of 4 (25% of the heap instead of 12.5%), partly repaid by table entries that lost
 *       the sequence and padding (41 bytes instead of 57); with 64 KiB allocations metadata is
 *       25.1% of the heap (was 12.6%), with 32-byte ones 153% (was 191%).
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
   * Whether an access of {@code n} (1 to 8) bytes at {@code address}, the untagged
   * {@code pointer}, is allowed; else the slow path decides (and reports). Heap: the access word of
   * the granule holding its first byte admits it (see {@link Shadow}); that covers an access that
   * crosses into the next granule too. Elsewhere: the pointer is untagged and the first and last
   * page both allow the access ({@code n <= 8} spans at most two pages; heap pages allow no
   * untagged access, so one that straddles the heap's edge goes to the slow path).
   */
  private boolean allowed(long pointer, long address, int n, int need) {
    long granule = (address - heapBase) >>> Shadow.GRANULE_SHIFT;
    if (granule < heapGranules) {
      int end = ((int) address & IN_GRANULE) + n;
      if (Shadow.admits(words[(int) granule], Shadow.expected((int) (pointer >>> tagShift), end))) {
        return true;
      }
    } else if (address == pointer) {
      long last = address + (n - 1);
      if (last < memorySize) {
        byte[] p = permissions;
        if ((p[(int) (address >>> RegionMap.PAGE_SHIFT)]
            & p[(int) (last >>> RegionMap.PAGE_SHIFT)] & need) != 0) {
          return true;
        }
      }
    }
    return refuseOrAllow(pointer, n, need == WRITE ? AccessKind.WRITE : AccessKind.READ) >= 0;
  }

  /**
   * Whether {@code length > 0} bytes at heap address {@code address} lie inside one live
   * allocation tagged as {@code pointer} is, read from the access words of every granule they
   * touch: each but the last reaching into the next granule, the last up to the access's end.
   * Several words are trusted only if the shadow's epoch did not move while they were read (see
   * {@link Shadow} for why that makes them one state of the heap); one word (an aligned atomic, a
   * short copy) needs no epoch. False sends the caller to the
   * slow path.
   */
  private boolean coveredWordByWord(long pointer, long address, long length) {
    long offset = address - heapBase;
    long lastGranule = (offset + length - 1) >>> Shadow.GRANULE_SHIFT;
    if (length > heap.heapSize || lastGranule >= heapGranules) {
      return false;
    }
    int tag = (int) (pointer >>> tagShift);
    int first = (int) (offset >>> Shadow.GRANULE_SHIFT);
    int last = (int) lastGranule;
    int[] w = words;
    int end = Shadow.expected(tag, ((int) (offset + length - 1) & IN_GRANULE) + 1);
    if (first == last) {
      return Shadow.admits(Shadow.wordOpaque(w, last), end); // one word: one state
    }
    int onward = Shadow.expected(tag, Shadow.GRANULE_SIZE + 1);
    long epoch = shadow.epochAcquire();
    for (int g = first; g < last; g++) {
      if (!Shadow.admits(Shadow.wordOpaque(w, g), onward)) {
        return false;
      }
    }
    return Shadow.admits(Shadow.wordOpaque(w, last), end) && shadow.epochUnchanged(epoch);
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
    long address = pointer & addressMask;
    return allowed(pointer, address, 1, READ) ? segment.get(ValueLayout.JAVA_BYTE, address) : 0;
  }

  @Override
  public short load16(long pointer) {
    long address = pointer & addressMask;
    return allowed(pointer, address, 2, READ) ? segment.get(SHORT, address) : 0;
  }

  @Override
  public int load32(long pointer) {
    long address = pointer & addressMask;
    return allowed(pointer, address, 4, READ) ? segment.get(INT, address) : 0;
  }

  @Override
  public long load64(long pointer) {
    long address = pointer & addressMask;
    return allowed(pointer, address, 8, READ) ? segment.get(LONG, address) : 0;
  }

  @Override
  public void store8(long pointer, int value) {
    long address = pointer & addressMask;
    if (allowed(pointer, address, 1, WRITE)) {
      segment.set(ValueLayout.JAVA_BYTE, address, (byte) value);
    }
  }

  @Override
  public void store16(long pointer, int value) {
    long address = pointer & addressMask;
    if (allowed(pointer, address, 2, WRITE)) {
      segment.set(SHORT, address, (short) value);
    }
  }

  @Override
  public void store32(long pointer, int value) {
    long address = pointer & addressMask;
    if (allowed(pointer, address, 4, WRITE)) {
      segment.set(INT, address, value);
    }
  }

  @Override
  public void store64(long pointer, long value) {
    long address = pointer & addressMask;
    if (allowed(pointer, address, 8, WRITE)) {
      segment.set(LONG, address, value);
    }
  }
}

package dev.vmm.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random malloc, calloc, aligned alloc, realloc, free, load, store and copy sequences against a
 * model: a map of blocks (live and quarantined) by granule, the quarantine as a FIFO bounded in
 * bytes, and every live block's contents. The model applies the documented classification rules
 * itself, so every refused access must be predicted with its kind and allocation, every predicted
 * refusal must happen, and every allowed load must return the model's bytes. Each sequence is
 * replayable from the seed in any failure message.
 */
class GuestMemoryModelTest {
  static final long RAM = 0x1000;
  static final long HEAP = 0x10000;
  static final int GRANULE = GuestMemory.GRANULE_SIZE;
  static final int SCAN_GRANULES = 2048;
  static final int SEQUENCES = 2000;
  static final int STEPS = 400;

  static LongStream seeds() {
    return LongStream.range(0, SEQUENCES).map(i -> 0xD1B5_4A32_D192_ED03L * (i + 1));
  }

  /** One allocation as the model sees it. */
  static final class Block {
    final long pointer;
    final int tag;
    final long base;
    final int first;
    long size;
    int span;
    boolean quarantined;
    long allocationSite;
    long freeSite;
    byte[] bytes;

    Block(long pointer, int tag, long base, long size, long site) {
      this.pointer = pointer;
      this.tag = tag;
      this.base = base;
      this.first = (int) ((base - HEAP) / GRANULE);
      this.size = size;
      this.span = spanOf(size);
      this.allocationSite = site;
      this.bytes = new byte[(int) size];
    }

    int last() {
      return first + span - 1;
    }

    long end() {
      return base + size;
    }

    @Override
    public String toString() {
      return (quarantined ? "quarantined" : "live") + " block 0x" + Long.toHexString(pointer)
          + " size " + size;
    }
  }

  record Expected(ViolationKind kind, Block block) {}

  /** Violations predicted and confirmed, per kind, over the whole run; and sequences run. */
  static final Map<ViolationKind, java.util.concurrent.atomic.LongAdder> SEEN =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  static void seen(ViolationKind kind) {
    SEEN.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /** The generator must reach every heap violation often, or the model proves little. */
  @org.junit.jupiter.api.AfterAll
  static void everyKindWasExercised() {
    if (RUNS.get() < SEQUENCES) {
      return; // a replay of some seeds
    }
    for (ViolationKind kind : ViolationKind.values()) {
      if (kind == ViolationKind.READ_ONLY_WRITE) {
        continue; // no read-only region in this model; GuestMemoryTest covers it
      }
      assertThat(SEEN.getOrDefault(kind, new java.util.concurrent.atomic.LongAdder()).sum())
          .as("violations of kind " + kind + " over " + SEQUENCES + " sequences: " + SEEN)
          .isGreaterThan(100);
    }
  }

  static int spanOf(long size) {
    return (int) Math.max(1, (size + GRANULE - 1) / GRANULE);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void memoryAgreesWithTheModel(long seed) {
    new Run(seed).run();
  }

  static final class Run {
    final long seed;
    final SplittableRandom random;
    final long heapSize;
    final long quarantineLimit;
    final GuestMemory memory;
    final PointerLayout layout;
    final TreeMap<Integer, Block> byGranule = new TreeMap<>();
    final List<Block> live = new ArrayList<>();
    final ArrayDeque<Block> quarantine = new ArrayDeque<>();
    final List<Block> evicted = new ArrayList<>();
    long quarantineBytes;
    String at;
    long site = 0x1000;

    Run(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.heapSize = new long[] {64 << 10, 256 << 10, 1 << 20}[random.nextInt(3)];
      this.quarantineLimit = new long[] {0, 1024, 16 << 10, heapSize / 4}[random.nextInt(4)];
      int tagBits = new int[] {16, 16, 8, 4}[random.nextInt(4)];
      this.memory = GuestMemory.builder()
          .size(HEAP + heapSize + GuestMemory.PAGE_SIZE)
          .layout(PointerLayout.withTagBits(tagBits))
          .ram(RAM, HEAP - RAM)
          .heap(HEAP, heapSize)
          .quarantineBytes(quarantineLimit)
          .tagSeed(seed)
          .build();
      this.layout = memory.layout();
      this.at = "seed " + seed + " (heap " + heapSize + ", quarantine " + quarantineLimit
          + ", tag bits " + tagBits + ")";
    }

    void run() {
      String context = at;
      try (memory) {
        for (int step = 0; step < STEPS; step++) {
          at = context + " step " + step;
          int op = random.nextInt(100);
          if (op < 14) {
            malloc();
          } else if (op < 18) {
            calloc();
          } else if (op < 21) {
            alignedAlloc();
          } else if (op < 29) {
            realloc();
          } else if (op < 39) {
            free();
          } else if (op < 43) {
            badFree();
          } else if (op < 73) {
            accessLive();
          } else if (op < 81) {
            accessStale();
          } else if (op < 86) {
            accessWild();
          } else {
            copy();
          }
        }
        at = context + " at the end";
        checkTotals();
        RUNS.incrementAndGet();
      }
    }

    // ---- Allocation. ------------------------------------------------------------------------

    long randomSize() {
      int r = random.nextInt(100);
      if (r < 5) {
        return 0;
      }
      if (r < 80) {
        return 1 + random.nextInt(256);
      }
      if (r < 97) {
        return 1 + random.nextInt(4096);
      }
      return 1 + random.nextInt((int) heapSize / 2);
    }

    void malloc() {
      long size = randomSize();
      long s = ++site;
      long p = memory.malloc(size, s);
      Block b = placed(p, size, s, 0, "malloc(" + size + ")");
      if (b != null) {
        fillRandomly(b, 0);
      }
    }

    void calloc() {
      long count = random.nextInt(5) == 0 ? -1L >>> random.nextInt(8) : random.nextInt(20);
      long size = random.nextInt(5) == 0 ? 1L << 40 : random.nextInt(50);
      long s = ++site;
      long p = memory.calloc(count, size, s);
      if (Math.unsignedMultiplyHigh(count, size) != 0
          || Long.compareUnsigned(count * size, heapSize) > 0) {
        assertThat(p).as(at + " calloc(" + count + ", " + size + ") must fail").isZero();
        observeEvictions();
        return;
      }
      placed(p, count * size, s, 0, "calloc(" + count + ", " + size + ")"); // bytes zero
    }

    void alignedAlloc() {
      long alignment = 1L << random.nextInt(14);
      long size = randomSize();
      long s = ++site;
      long p = memory.alignedAlloc(alignment, size, s);
      Block b = placed(p, size, s, 0, Math.max(alignment, GRANULE),
          "alignedAlloc(" + alignment + ", " + size + ")");
      if (b != null) {
        assertThat(b.base % alignment).as(at + " alignment " + alignment).isZero();
        fillRandomly(b, 0);
      }
    }

    /** Checks a block the allocator placed and adds it to the model; null if it returned 0. */
    Block placed(long p, long size, long site, int avoidTag, String call) {
      return placed(p, size, site, avoidTag, GRANULE, call);
    }

    Block placed(long p, long size, long site, int avoidTag, long alignment, String call) {
      observeEvictions();
      if (p == 0) {
        if (Long.compareUnsigned(size, heapSize) <= 0
            && spanOf(size) + alignment / GRANULE <= heapSize / GRANULE) {
          // A request that could fit empties the quarantine before it fails.
          assertThat(quarantine).as(at + " " + call + " failed with a non-empty quarantine")
              .isEmpty();
        }
        return null;
      }
      int tag = layout.tag(p);
      long base = layout.address(p);
      assertThat(tag).as(at + " " + call + " tag").isNotZero().isNotEqualTo(avoidTag);
      assertThat((base - HEAP) % GRANULE).as(at + " " + call + " granule alignment").isZero();
      Block b = new Block(p, tag, base, size, site);
      assertThat(b.base >= HEAP && b.first + b.span <= heapSize / GRANULE)
          .as(at + " " + call + " inside the heap: " + b).isTrue();
      assertFree(b.first, b.first + b.span, call);
      byGranule.put(b.first, b);
      live.add(b);
      checkNeighbourTags(b, call);
      return b;
    }

    void assertFree(int from, int to, String call) {
      Map.Entry<Integer, Block> below = byGranule.lowerEntry(to);
      if (below != null && below.getValue().last() >= from) {
        fail(at + " " + call + " overlaps " + below.getValue());
      }
    }

    void checkNeighbourTags(Block b, String call) {
      Block left = ownerOf(b.first - 1);
      Block right = ownerOf(b.last() + 1);
      if (left != null) {
        assertThat(left.tag).as(at + " " + call + " shares its tag with " + left)
            .isNotEqualTo(b.tag);
      }
      if (right != null) {
        assertThat(right.tag).as(at + " " + call + " shares its tag with " + right)
            .isNotEqualTo(b.tag);
      }
    }

    /** The allocator may have emptied a prefix of the quarantine to satisfy an allocation. */
    void observeEvictions() {
      boolean gone = true;
      for (Iterator<Block> it = quarantine.iterator(); it.hasNext(); ) {
        Block q = it.next();
        boolean present = isQuarantined(q);
        if (gone && !present) {
          it.remove();
          evict(q);
        } else {
          gone = false;
          assertThat(present).as(at + ": evictions must take the oldest first; " + q
              + " is gone while an older one stayed").isTrue();
        }
      }
    }

    boolean isQuarantined(Block q) {
      Allocation a = memory.allocationAt(q.pointer);
      return a != null && a.pointer() == q.pointer && a.state() == Allocation.State.QUARANTINED;
    }

    void evict(Block q) {
      quarantineBytes -= (long) q.span * GRANULE;
      byGranule.remove(q.first);
      evicted.add(q);
      if (evicted.size() > 64) {
        evicted.remove(0);
      }
    }

    void realloc() {
      long s = ++site;
      if (live.isEmpty() || random.nextInt(10) == 0) {
        long size = randomSize();
        Block b = placed(memory.realloc(0, size, s), size, s, 0, "realloc(NULL, " + size + ")");
        if (b != null) {
          fillRandomly(b, 0);
        }
        return;
      }
      Block b = live.get(random.nextInt(live.size()));
      long size = random.nextInt(8) == 0 ? 0 : random.nextInt(3) == 0 ? b.size / 2 : randomSize();
      String call = "realloc(" + b + ", " + size + ")";
      long q = memory.realloc(b.pointer, size, s);
      if (size == 0) {
        assertThat(q).as(at + " " + call).isZero();
        quarantine(b, s);
        return;
      }
      if (q == 0) {
        observeEvictions();
        assertThat(memory.allocationAt(b.pointer)).as(at + " failed " + call + " keeps the block")
            .isEqualTo(new Allocation(b.tag, b.base, b.size, Allocation.State.LIVE,
                b.allocationSite, 0, b.pointer));
        return;
      }
      if (q == b.pointer) {
        observeEvictions();
        int oldSpan = b.span;
        byGranule.remove(b.first);
        if (spanOf(size) > oldSpan) {
          assertFree(b.first + oldSpan, b.first + spanOf(size), call + " in place");
        }
        byGranule.put(b.first, b);
        resize(b, size);
        b.allocationSite = s;
        checkNeighbourTags(b, call);
        return;
      }
      // Moved: the allocation came first (it may have emptied part of the quarantine), then the
      // old block was freed into the quarantine.
      live.remove(b);
      b.quarantined = true;
      b.freeSite = s;
      quarantine.addLast(b);
      quarantineBytes += (long) b.span * GRANULE;
      Block moved = placed(q, size, s, b.tag, call);
      assertThat(quarantineBytes).as(at + " quarantine bound").isLessThanOrEqualTo(quarantineLimit);
      System.arraycopy(b.bytes, 0, moved.bytes, 0, (int) Math.min(b.size, size));
      checkContents(moved, (int) Math.min(b.size, size));
      fillRandomly(moved, (int) Math.min(b.size, size));
    }

    void resize(Block b, long size) {
      byte[] bytes = new byte[(int) size];
      System.arraycopy(b.bytes, 0, bytes, 0, (int) Math.min(b.size, size));
      long old = b.size;
      b.bytes = bytes;
      b.size = size;
      b.span = spanOf(size);
      checkContents(b, (int) Math.min(old, size));
      fillRandomly(b, (int) Math.min(old, size));
    }

    void free() {
      if (live.isEmpty()) {
        memory.free(0, ++site);
        return;
      }
      Block b = live.get(random.nextInt(live.size()));
      long s = ++site;
      memory.free(b.pointer, s);
      quarantine(b, s);
    }

    void quarantine(Block b, long freeSite) {
      live.remove(b);
      b.quarantined = true;
      b.freeSite = freeSite;
      quarantine.addLast(b);
      quarantineBytes += (long) b.span * GRANULE;
      while (quarantineBytes > quarantineLimit) {
        Block oldest = quarantine.removeFirst();
        evict(oldest);
        assertThat(isQuarantined(oldest)).as(at + " " + oldest + " must have left the quarantine")
            .isFalse();
      }
      if (quarantine.contains(b)) {
        assertThat(isQuarantined(b)).as(at + " " + b + " must be quarantined").isTrue();
      }
    }

    void badFree() {
      long pointer;
      int r = random.nextInt(4);
      if (r == 0 && !quarantine.isEmpty()) {
        pointer = pick(new ArrayList<>(quarantine)).pointer;
      } else if (r == 1 && !live.isEmpty()) {
        Block b = pick(live);
        pointer = b.pointer + 1 + random.nextInt((int) Math.max(1, b.size));
      } else if (r == 2 && !evicted.isEmpty()) {
        pointer = pick(evicted).pointer;
      } else {
        pointer = wildHeapPointer();
      }
      boolean realloc = random.nextBoolean();
      long s = ++site;
      Block target = liveStartingAt(pointer);
      if (target != null) { // a stale pointer can equal a new block's, with narrow tags
        if (realloc) {
          return;
        }
        memory.free(pointer, s);
        quarantine(target, s);
        return;
      }
      long address = layout.address(pointer);
      Block owner = address >= HEAP && address < HEAP + heapSize ? ownerOf(granuleOf(address)) : null;
      ViolationKind kind = owner != null && owner.quarantined && owner.pointer == pointer
          ? ViolationKind.DOUBLE_FREE : ViolationKind.INVALID_FREE;
      Violation v = violation(() -> {
        if (realloc) {
          memory.realloc(pointer, 8, s);
        } else {
          memory.free(pointer, s);
        }
      });
      String call = (realloc ? "realloc " : "free ") + layout.describe(pointer);
      assertThat(v).as(at + " " + call + " must be refused").isNotNull();
      assertThat(v.kind()).as(at + " " + call).isEqualTo(kind);
      assertThat(v.access()).as(at + " " + call)
          .isEqualTo(realloc ? AccessKind.REALLOC : AccessKind.FREE);
      assertThat(v.site()).as(at + " " + call).isEqualTo(s);
      checkAttribution(v, owner, call);
      seen(v.kind());
      if (realloc) {
        observeEvictions();
      }
    }

    Block liveStartingAt(long pointer) {
      for (Block b : live) {
        if (b.pointer == pointer) {
          return b;
        }
      }
      return null;
    }

    // ---- Accesses. ------------------------------------------------------------------------

    void accessLive() {
      if (live.isEmpty()) {
        return;
      }
      Block b = pick(live);
      int width = 1 << random.nextInt(4);
      long offset = random.nextInt(10) < 7 && b.size >= width
          ? random.nextLong(b.size - width + 1)
          : random.nextLong(-48, b.size + 48);
      access(b.pointer + offset, width);
    }

    void accessStale() {
      List<Block> pool = random.nextBoolean() || evicted.isEmpty()
          ? new ArrayList<>(quarantine) : evicted;
      if (pool.isEmpty()) {
        return;
      }
      Block b = pick(pool);
      access(b.pointer + random.nextLong(Math.max(1, b.size)), 1 << random.nextInt(4));
    }

    void accessWild() {
      int tag = random.nextInt(layout.maxTag() + 1);
      long pointer = switch (random.nextInt(6)) {
        case 0 -> layout.pointer(tag, RAM + random.nextInt(0x100));
        case 1 -> layout.pointer(tag, random.nextLong(RAM));
        case 2 -> layout.pointer(tag, HEAP + heapSize - 8 + random.nextInt(GuestMemory.PAGE_SIZE + 64));
        default -> wildHeapPointer();
      };
      access(pointer, 1 << random.nextInt(4));
    }

    long wildHeapPointer() {
      int tag = random.nextInt(3) == 0 ? 0 : random.nextInt(layout.maxTag() + 1);
      return layout.pointer(tag, HEAP + random.nextLong(heapSize));
    }

    void access(long pointer, int width) {
      boolean write = random.nextBoolean();
      long value = random.nextLong();
      Expected expected = predict(pointer, width);
      String call = (write ? "store" : "load") + width * 8 + " " + layout.describe(pointer);
      long[] loaded = new long[1];
      Violation v = violation(() -> {
        if (write) {
          switch (width) {
            case 1 -> memory.store8(pointer, (int) value);
            case 2 -> memory.store16(pointer, (int) value);
            case 4 -> memory.store32(pointer, (int) value);
            default -> memory.store64(pointer, value);
          }
        } else {
          loaded[0] = switch (width) {
            case 1 -> memory.load8(pointer);
            case 2 -> memory.load16(pointer);
            case 4 -> memory.load32(pointer);
            default -> memory.load64(pointer);
          };
        }
      });
      checkOutcome(v, expected, pointer, width, write ? AccessKind.WRITE : AccessKind.READ, call);
      if (v == null && layout.address(pointer) >= HEAP) { // RAM contents are not modelled
        Block b = ownerOf(granuleOf(layout.address(pointer)));
        int offset = (int) (layout.address(pointer) - b.base);
        if (write) {
          for (int i = 0; i < width; i++) {
            b.bytes[offset + i] = (byte) (value >>> (8 * i));
          }
        } else {
          long model = 0;
          for (int i = width - 1; i >= 0; i--) {
            model = (model << 8) | (b.bytes[offset + i] & 0xFF);
          }
          long mask = width == 8 ? -1 : (1L << (8 * width)) - 1;
          assertThat(loaded[0] & mask).as(at + " " + call + " value").isEqualTo(model);
        }
      }
    }

    void copy() {
      if (live.isEmpty()) {
        return;
      }
      Block b = pick(live);
      long offset = random.nextLong(-40, b.size + 40);
      int length = random.nextInt(10) < 7
          ? (int) Math.max(0, Math.min(b.size - offset, random.nextInt(300)))
          : random.nextInt(300);
      long pointer = b.pointer + offset;
      int kind = random.nextInt(3);
      Expected expected = length == 0 ? null : predict(pointer, length);
      AccessKind access = kind == 1 ? AccessKind.READ : AccessKind.WRITE;
      byte[] data = new byte[length];
      random.nextBytes(data);
      String call = (kind == 0 ? "copyIn " : kind == 1 ? "copyOut " : "fill ")
          + layout.describe(pointer) + " length " + length;
      Violation v = violation(() -> {
        switch (kind) {
          case 0 -> memory.copyIn(pointer, data, 0, length);
          case 1 -> memory.copyOut(pointer, data, 0, length);
          default -> memory.fill(pointer, 0x77, length);
        }
      });
      checkOutcome(v, expected, pointer, length, access, call);
      if (v == null && length > 0) {
        int at0 = (int) offset;
        switch (kind) {
          case 0 -> System.arraycopy(data, 0, b.bytes, at0, length);
          case 1 -> assertThat(data).as(at + " " + call)
              .isEqualTo(java.util.Arrays.copyOfRange(b.bytes, at0, at0 + length));
          default -> java.util.Arrays.fill(b.bytes, at0, at0 + length, (byte) 0x77);
        }
      }
    }

    void checkOutcome(
        Violation v, Expected expected, long pointer, long n, AccessKind access, String call) {
      if (expected == null) {
        assertThat(v).as(at + " " + call + " is legal and must be allowed").isNull();
        return;
      }
      assertThat(v).as(at + " " + call + " must be refused as " + expected.kind() + " of "
          + expected.block()).isNotNull();
      assertThat(v.kind()).as(at + " " + call + ": " + v.describe()).isEqualTo(expected.kind());
      assertThat(v.access()).as(at + " " + call).isEqualTo(access);
      assertThat(v.pointer()).as(at + " " + call).isEqualTo(pointer);
      assertThat(v.address()).as(at + " " + call).isEqualTo(layout.address(pointer));
      assertThat(v.size()).as(at + " " + call).isEqualTo(n);
      checkAttribution(v, expected.block(), call);
      seen(v.kind());
    }

    void checkAttribution(Violation v, Block block, String call) {
      if (block == null) {
        assertThat(v.allocation()).as(at + " " + call + ": " + v.describe()).isNull();
        return;
      }
      assertThat(v.allocation()).as(at + " " + call + ": " + v.describe()).isEqualTo(
          new Allocation(block.tag, block.base, block.size,
              block.quarantined ? Allocation.State.QUARANTINED : Allocation.State.LIVE,
              block.allocationSite, block.quarantined ? block.freeSite : 0, block.pointer));
    }

    /** The model's verdict for an access of {@code n >= 1} bytes: null if allowed. */
    Expected predict(long pointer, long n) {
      long address = layout.address(pointer);
      int tag = layout.tag(pointer);
      long memorySize = HEAP + heapSize + GuestMemory.PAGE_SIZE;
      if (address >= memorySize) {
        return new Expected(ViolationKind.UNMAPPED, null);
      }
      if (address < RAM) {
        return new Expected(ViolationKind.UNMAPPED, null);
      }
      if (address < HEAP) {
        if (tag != 0) {
          return new Expected(ViolationKind.TAG_MISMATCH, null);
        }
        return address + n <= HEAP ? null : new Expected(ViolationKind.TAG_MISMATCH, null);
      }
      if (address >= HEAP + heapSize) {
        return new Expected(ViolationKind.UNMAPPED, null);
      }
      int granule = granuleOf(address);
      Block owner = ownerOf(granule);
      if (tag == 0) {
        return new Expected(ViolationKind.TAG_MISMATCH, owner);
      }
      if (owner != null && owner.tag == tag) {
        if (owner.quarantined) {
          return new Expected(ViolationKind.HEAP_USE_AFTER_FREE, owner);
        }
        return address + n <= owner.end() ? null
            : new Expected(ViolationKind.HEAP_BUFFER_OVERFLOW, owner);
      }
      Block left = null;
      for (Block b : byGranule.headMap(granule, false).descendingMap().values()) {
        if (b.last() >= granule || b.last() < granule - SCAN_GRANULES) {
          if (b.last() < granule - SCAN_GRANULES) {
            break;
          }
          continue;
        }
        if (b.tag == tag) {
          left = b;
          break;
        }
      }
      Block right = null;
      for (Block b : byGranule.tailMap(granule, false).values()) {
        if (b.first > granule + SCAN_GRANULES) {
          break;
        }
        if (b.tag == tag) {
          right = b;
          break;
        }
      }
      long leftDistance = left == null ? Long.MAX_VALUE : address - left.end();
      long rightDistance = right == null ? Long.MAX_VALUE : right.base - address;
      Block near = leftDistance <= rightDistance ? left : right;
      if (near == null) {
        return new Expected(ViolationKind.TAG_MISMATCH, owner);
      }
      ViolationKind kind = near.quarantined ? ViolationKind.HEAP_USE_AFTER_FREE
          : near == left ? ViolationKind.HEAP_BUFFER_OVERFLOW
          : ViolationKind.HEAP_BUFFER_UNDERFLOW;
      return new Expected(kind, near);
    }

    // ---- Helpers. --------------------------------------------------------------------------

    Block ownerOf(int granule) {
      Map.Entry<Integer, Block> e = byGranule.floorEntry(granule);
      return e != null && e.getValue().last() >= granule ? e.getValue() : null;
    }

    static int granuleOf(long address) {
      return (int) ((address - HEAP) / GRANULE);
    }

    long liveGranules() {
      return byGranule.values().stream().mapToLong(b -> b.span).sum();
    }

    void fillRandomly(Block b, int from) {
      if (from >= b.size) {
        return;
      }
      byte[] data = new byte[(int) b.size - from];
      random.nextBytes(data);
      memory.copyIn(b.pointer + from, data, 0, data.length);
      System.arraycopy(data, 0, b.bytes, from, data.length);
    }

    void checkContents(Block b, int length) {
      byte[] actual = new byte[length];
      memory.copyOut(b.pointer, actual, 0, length);
      assertThat(actual).as(at + " contents of " + b)
          .isEqualTo(java.util.Arrays.copyOf(b.bytes, length));
    }

    void checkTotals() {
      HeapStats stats = memory.stats();
      assertThat(stats.liveAllocations()).as(at).isEqualTo(live.size());
      assertThat(stats.liveBytes()).as(at).isEqualTo(live.stream().mapToLong(b -> b.size).sum());
      assertThat(stats.quarantinedAllocations()).as(at).isEqualTo(quarantine.size());
      assertThat(stats.quarantinedBytes()).as(at).isEqualTo(quarantineBytes);
      assertThat(stats.freeBytes()).as(at)
          .isEqualTo(heapSize - liveGranules() * GRANULE);
      assertThat(memory.leaks().allocations()).extracting(Allocation::pointer).as(at)
          .containsExactlyElementsOf(live.stream().sorted(
              java.util.Comparator.comparingLong(b -> b.base)).map(b -> b.pointer).toList());
      for (Block b : live) {
        checkContents(b, (int) b.size);
      }
    }

    <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }

    Violation violation(Runnable call) {
      try {
        call.run();
        return null;
      } catch (MemoryViolationException e) {
        return e.violation();
      }
    }
  }
}

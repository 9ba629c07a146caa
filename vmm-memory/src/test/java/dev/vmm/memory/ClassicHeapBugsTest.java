package dev.vmm.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classic heap bugs of C programs, one row each: what the guest does, and the report it must
 * get (kind, access, the offset from the attributed allocation, and that allocation's sites).
 * Sites are {@code ALLOC} for the buggy block's allocation, {@code FREE} for its free,
 * {@code OTHER} for anything else, so a wrong attribution shows.
 */
class ClassicHeapBugsTest {
  static final long CODE = 0x1000;
  static final long STACK = 0x10000;
  static final long HEAP = 0x100000;
  static final long ALLOC = 0xA110C;
  static final long FREE = 0xF4EE;
  static final long OTHER = 0x0DD;
  static final long NONE = Long.MIN_VALUE;

  /**
   * One bug.
   *
   * @param name what the guest does wrong
   * @param bug does it on a fresh memory and returns the site of the failing call (0 for access)
   * @param kind the report's kind
   * @param access the report's access
   * @param offset the access's offset from the attributed allocation ({@code NONE}: no allocation)
   * @param freeSite the attributed allocation's free site, 0 if live
   */
  record Bug(String name, ToLongFunction<GuestMemory> bug, ViolationKind kind, AccessKind access,
      long offset, long freeSite) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bug> bugs() {
    return Stream.of(
        new Bug("read after free", m -> {
          long p = m.malloc(16, ALLOC);
          m.free(p, FREE);
          m.load32(p + 4);
          return 0;
        }, ViolationKind.HEAP_USE_AFTER_FREE, AccessKind.READ, 4, FREE),
        new Bug("write after free", m -> {
          long p = m.malloc(100, ALLOC);
          m.free(p, FREE);
          m.store8(p + 99, 1);
          return 0;
        }, ViolationKind.HEAP_USE_AFTER_FREE, AccessKind.WRITE, 99, FREE),
        new Bug("copy out of a freed buffer", m -> {
          long p = m.malloc(64, ALLOC);
          m.free(p, FREE);
          m.copyOut(p, new byte[8], 0, 8);
          return 0;
        }, ViolationKind.HEAP_USE_AFTER_FREE, AccessKind.READ, 0, FREE),
        new Bug("use of the old pointer after realloc moved the block", m -> {
          long p = m.malloc(32, ALLOC);
          m.malloc(32, OTHER); // blocks growth in place
          m.realloc(p, 1000, FREE);
          m.load8(p);
          return 0;
        }, ViolationKind.HEAP_USE_AFTER_FREE, AccessKind.READ, 0, FREE),
        new Bug("write one past the end", m -> {
          long p = m.malloc(20, ALLOC);
          m.store8(p + 20, 0);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.WRITE, 20, 0),
        new Bug("read in the granule's slack after the end", m -> {
          long p = m.malloc(20, ALLOC);
          m.load32(p + 24);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.READ, 24, 0),
        new Bug("8-byte store straddling the end", m -> {
          long p = m.malloc(64, ALLOC);
          m.store64(p + 57, 0);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.WRITE, 57, 0),
        new Bug("write into the next allocation", m -> {
          long p = m.malloc(32, ALLOC);
          m.malloc(32, OTHER);
          m.store32(p + 40, 0);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.WRITE, 40, 0),
        new Bug("memcpy longer than the destination", m -> {
          long p = m.malloc(16, ALLOC);
          m.copyIn(p, new byte[17], 0, 17);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.WRITE, 0, 0),
        new Bug("strcpy forgetting the terminator's byte", m -> {
          long p = m.malloc(5, ALLOC); // "hello" needs 6
          m.copyIn(p, "hello\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 6);
          return 0;
        }, ViolationKind.HEAP_BUFFER_OVERFLOW, AccessKind.WRITE, 0, 0),
        new Bug("read one before the start", m -> {
          m.malloc(32, OTHER);
          long p = m.malloc(32, ALLOC);
          m.load8(p - 1);
          return 0;
        }, ViolationKind.HEAP_BUFFER_UNDERFLOW, AccessKind.READ, -1, 0),
        new Bug("write a header's worth before the start", m -> {
          m.malloc(100, OTHER);
          long p = m.malloc(32, ALLOC);
          m.store64(p - 16, 0);
          return 0;
        }, ViolationKind.HEAP_BUFFER_UNDERFLOW, AccessKind.WRITE, -16, 0),
        new Bug("double free", m -> {
          long p = m.malloc(24, ALLOC);
          m.free(p, FREE);
          m.free(p, OTHER);
          return OTHER;
        }, ViolationKind.DOUBLE_FREE, AccessKind.FREE, 0, FREE),
        new Bug("realloc of a freed pointer", m -> {
          long p = m.malloc(24, ALLOC);
          m.free(p, FREE);
          m.realloc(p, 48, OTHER);
          return OTHER;
        }, ViolationKind.DOUBLE_FREE, AccessKind.REALLOC, 0, FREE),
        new Bug("free of a pointer into the middle", m -> {
          long p = m.malloc(24, ALLOC);
          m.free(p + 8, OTHER);
          return OTHER;
        }, ViolationKind.INVALID_FREE, AccessKind.FREE, 8, 0),
        new Bug("free of a heap address never allocated", m -> {
          m.free(m.layout().pointer(7, HEAP + 0x8000), OTHER);
          return OTHER;
        }, ViolationKind.INVALID_FREE, AccessKind.FREE, NONE, 0),
        new Bug("free of a stack address", m -> {
          m.free(STACK + 0x40, OTHER);
          return OTHER;
        }, ViolationKind.INVALID_FREE, AccessKind.FREE, NONE, 0),
        new Bug("pointer with a forged tag", m -> {
          long p = m.malloc(64, ALLOC);
          long forged = m.layout().pointer(m.layout().tag(p) ^ 0x5A5, m.layout().address(p));
          m.load64(forged + 8);
          return 0;
        }, ViolationKind.TAG_MISMATCH, AccessKind.READ, 8, 0),
        new Bug("untagged pointer into the heap", m -> {
          long p = m.malloc(64, ALLOC);
          m.store8(m.layout().address(p), 0);
          return 0;
        }, ViolationKind.TAG_MISMATCH, AccessKind.WRITE, 0, 0),
        new Bug("null dereference", m -> {
          m.load64(0);
          return 0;
        }, ViolationKind.UNMAPPED, AccessKind.READ, NONE, 0),
        new Bug("write to code", m -> {
          m.store32(CODE + 0x10, 0x13);
          return 0;
        }, ViolationKind.READ_ONLY_WRITE, AccessKind.WRITE, NONE, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void isCaughtWithTheRightReport(Bug bug) {
    try (GuestMemory memory = GuestMemory.builder().size(4 << 20).tagSeed(7)
        .readOnly(CODE, STACK - CODE).ram(STACK, HEAP - STACK).heap(HEAP, 1 << 20).build()) {
      long[] site = new long[1];
      MemoryViolationException e = catchThrowableOfType(MemoryViolationException.class,
          () -> site[0] = bug.bug().applyAsLong(memory));
      assertThat(e).as(bug.name() + " must be caught").isNotNull();
      Violation v = e.violation();
      String report = bug.name() + ": " + v.describe();
      assertThat(v.kind()).as(report).isEqualTo(bug.kind());
      assertThat(v.access()).as(report).isEqualTo(bug.access());
      if (bug.offset() == NONE) {
        assertThat(v.allocation()).as(report).isNull();
      } else {
        assertThat(v.allocation()).as(report).isNotNull();
        assertThat(v.offset()).as(report).isEqualTo(bug.offset());
        assertThat(v.allocation().allocationSite()).as(report).isEqualTo(ALLOC);
        assertThat(v.allocation().freeSite()).as(report).isEqualTo(bug.freeSite());
      }
      if (bug.access() == AccessKind.FREE || bug.access() == AccessKind.REALLOC) {
        assertThat(v.site()).as(report).isEqualTo(OTHER);
      }
      assertThat(v.describe()).as(report).contains(bug.kind().asanName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void leavesTheAllocatorConsistent(Bug bug) {
    java.util.List<Violation> seen = new java.util.ArrayList<>();
    try (GuestMemory memory = GuestMemory.builder().size(4 << 20).tagSeed(7)
        .readOnly(CODE, STACK - CODE).ram(STACK, HEAP - STACK).heap(HEAP, 1 << 20)
        .violationHandler(seen::add).build()) {
      bug.bug().applyAsLong(memory);
      assertThat(seen).as(bug.name()).extracting(Violation::kind).containsExactly(bug.kind());
      // After the bug, the heap still hands out and checks memory normally.
      long p = memory.malloc(128, 1);
      memory.fill(p, 1, 128);
      assertThat(memory.load64(p + 120)).isEqualTo(0x0101_0101_0101_0101L);
      memory.free(p, 2);
      HeapStats stats = memory.stats();
      assertThat(stats.freeBytes() + stats.quarantinedBytes() + 32 * memory.leaks().allocations()
          .stream().mapToLong(a -> Math.max(1, (a.size() + 31) / 32)).sum())
          .as(bug.name()).isEqualTo(stats.heapBytes());
    }
  }
}

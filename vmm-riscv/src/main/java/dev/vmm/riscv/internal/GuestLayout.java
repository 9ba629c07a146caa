package dev.vmm.riscv.internal;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.Region;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Where a Linux program's pieces go in guest physical memory, which starts at address 0:
 *
 * <pre>
 *   0 .. 0x10000               unmapped: a null pointer (or a small offset from one) faults
 *   program                     its PT_LOAD pages: read-only unless a writable segment covers
 *                               the page; executable pages are those of PF_X segments
 *   one unmapped page
 *   brk area   (1/16)           RAM, what brk hands out (static glibc's TLS, a stripped
 *                               program's own malloc)
 *   one unmapped page
 *   tagged heap (the rest)      served by the tagged allocator to the redirected malloc
 *   one unmapped page
 *   mmap area  (3/8)            RAM, anonymous mmap: thread stacks (glibc maps 8 MiB each)
 *   one unmapped page
 *   stack      (1/16, at most 8 MiB) RAM, up to the end of memory
 * </pre>
 *
 * <p>Fractions are of the guest memory size. A fixed-address program sits where it was linked
 * (static glibc links at 0x10000); a position-independent one is loaded at bias 0x10000.
 *
 * @param bias what was added to the file's addresses
 * @param program the regions of the program's pages
 * @param executable the executable page ranges, as {@code start, end} pairs
 * @param brk the brk area
 * @param heap the tagged heap
 * @param mmap the mmap area
 * @param stack the stack
 */
public record GuestLayout(long bias, List<Region> program, long[] executable, Region brk,
    Region heap, Region mmap, Region stack) {
  /** The lowest address a program may use; below it a null pointer dereference faults. */
  public static final long LOW_GUARD = 0x10000;

  private static final long PAGE = GuestMemory.PAGE_SIZE;
  private static final long MIN_HEAP = 1 << 20;
  private static final long MAX_STACK = 8 << 20;

  /**
   * Plans a program's layout in a memory of the given size.
   *
   * @param image the program
   * @param memorySize the guest memory size, page aligned
   * @return the layout
   * @throws ElfFormatException ({@link ElfFormatException.Reason#TOO_LARGE}) if the program's
   *     segments lie outside the memory or leave less than 1 MiB of heap
   */
  public static GuestLayout plan(ElfImage image, long memorySize) throws ElfFormatException {
    long bias = image.positionIndependent() ? LOW_GUARD : 0;
    TreeMap<Long, Boolean> writablePages = new TreeMap<>();
    List<Long> executable = new ArrayList<>();
    for (ElfImage.Segment s : image.segments()) {
      if (s.memorySize() == 0) {
        continue;
      }
      long start = s.virtualAddress() + bias;
      long end = start + s.memorySize();
      if (Long.compareUnsigned(start, LOW_GUARD) < 0
          || Long.compareUnsigned(end, memorySize) > 0 || Long.compareUnsigned(end, start) < 0) {
        throw new ElfFormatException(ElfFormatException.Reason.TOO_LARGE, String.format(
            "segment [0x%x, 0x%x) does not fit between 0x%x and the end of the %d MiB guest"
                + " memory", start, end, LOW_GUARD, memorySize >> 20));
      }
      long first = start & -PAGE;
      long last = (end + PAGE - 1) & -PAGE;
      for (long page = first; page < last; page += PAGE) {
        writablePages.merge(page, (s.flags() & 2) != 0, Boolean::logicalOr);
      }
      if ((s.flags() & 1) != 0) {
        executable.add(first);
        executable.add(last);
      }
    }
    List<Region> program = coalesce(writablePages);
    long programEnd = program.getLast().end();
    long stackSize = Math.min(MAX_STACK, memorySize / 16 & -PAGE);
    Region stack = new Region(memorySize - stackSize, stackSize, Region.Kind.RAM);
    long mmapSize = memorySize / 8 * 3 & -PAGE;
    Region mmap = new Region(stack.base() - PAGE - mmapSize, mmapSize, Region.Kind.RAM);
    long brkSize = memorySize / 16 & -PAGE;
    Region brk = new Region(programEnd + PAGE, brkSize, Region.Kind.RAM);
    long heapStart = brk.end() + PAGE;
    long heapSize = mmap.base() - PAGE - heapStart;
    if (heapSize < MIN_HEAP) {
      throw new ElfFormatException(ElfFormatException.Reason.TOO_LARGE, String.format(
          "the program ends at 0x%x and leaves %d KiB for the heap in the %d MiB guest memory;"
              + " give the guest more memory", programEnd, Math.max(0, heapSize) >> 10,
          memorySize >> 20));
    }
    Region heap = new Region(heapStart, heapSize, Region.Kind.HEAP);
    return new GuestLayout(bias, List.copyOf(program),
        executable.stream().mapToLong(Long::longValue).toArray(), brk, heap, mmap, stack);
  }

  /** Turns runs of consecutive pages with the same permission into regions. */
  private static List<Region> coalesce(TreeMap<Long, Boolean> writablePages) {
    List<Region> regions = new ArrayList<>();
    long runStart = -1;
    long runEnd = -1;
    boolean runWritable = false;
    for (var page : writablePages.entrySet()) {
      if (page.getKey() != runEnd || page.getValue() != runWritable) {
        if (runStart >= 0) {
          regions.add(region(runStart, runEnd, runWritable));
        }
        runStart = page.getKey();
        runWritable = page.getValue();
      }
      runEnd = page.getKey() + PAGE;
    }
    regions.add(region(runStart, runEnd, runWritable));
    return regions;
  }

  private static Region region(long start, long end, boolean writable) {
    return new Region(start, end - start, writable ? Region.Kind.RAM : Region.Kind.READ_ONLY);
  }

  /**
   * Starts a memory builder with every region of this layout mapped.
   *
   * @param memorySize the size the layout was planned for
   * @return the builder, to add the caller's options to
   */
  public GuestMemory.Builder memoryBuilder(long memorySize) {
    GuestMemory.Builder builder = GuestMemory.builder().size(memorySize);
    for (Region r : program) {
      if (r.kind() == Region.Kind.RAM) {
        builder.ram(r.base(), r.size());
      } else {
        builder.readOnly(r.base(), r.size());
      }
    }
    return builder.ram(brk.base(), brk.size()).heap(heap.base(), heap.size())
        .ram(mmap.base(), mmap.size()).ram(stack.base(), stack.size());
  }
}

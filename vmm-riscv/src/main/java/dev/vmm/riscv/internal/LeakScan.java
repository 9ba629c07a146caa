package dev.vmm.riscv.internal;

import dev.vmm.memory.Allocation;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.LeakReport;
import dev.vmm.memory.PointerLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the leaks among the allocations live at exit, as LeakSanitizer does: an allocation is
 * reachable if a root (the registers, the program's writable data, the brk and mmap areas, the
 * stack) or a reachable allocation holds a pointer into it; the rest are leaks. Tagged pointers
 * make the scan precise: a word counts only if its tag is that of the live allocation its address
 * falls in, so an integer that merely looks like an address keeps nothing alive. Interior pointers
 * count, as in LeakSanitizer. A block that only reachable memory points to (glibc's stdio buffers,
 * say) is therefore not reported.
 */
public final class LeakScan {
  private static final ValueLayout.OfLong WORD =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final GuestMemory memory;
  private final MemorySegment bytes;
  private final PointerLayout layout;
  private final Set<Long> reached = new HashSet<>();
  private final ArrayDeque<Allocation> pending = new ArrayDeque<>();

  private LeakScan(GuestMemory memory) {
    this.memory = memory;
    this.bytes = memory.physical();
    this.layout = memory.layout();
  }

  /**
   * Scans from the roots and returns the live allocations nothing reaches.
   *
   * @param memory the memory at exit
   * @param registers the values of the registers
   * @param roots the root ranges as {@code start, end} pairs of addresses
   * @return the unreachable live allocations, in address order
   */
  public static LeakReport unreachable(GuestMemory memory, long[] registers, long[] roots) {
    LeakReport live = memory.leaks();
    if (live.isEmpty()) {
      return live;
    }
    LeakScan scan = new LeakScan(memory);
    for (long value : registers) {
      scan.consider(value);
    }
    for (int i = 0; i < roots.length; i += 2) {
      scan.scan(roots[i], roots[i + 1]);
    }
    while (!scan.pending.isEmpty()) {
      Allocation a = scan.pending.pop();
      scan.scan(a.base(), a.end());
    }
    List<Allocation> leaked = new ArrayList<>();
    for (Allocation a : live.allocations()) {
      if (!scan.reached.contains(a.base())) {
        leaked.add(a);
      }
    }
    return new LeakReport(leaked, leaked.stream().mapToLong(Allocation::size).sum());
  }

  private void scan(long start, long end) {
    for (long at = (start + 7) & -8L; at + 8 <= end; at += 8) {
      consider(bytes.get(WORD, at));
    }
  }

  private void consider(long value) {
    int tag = layout.tag(value);
    if (tag == 0) {
      return;
    }
    Allocation a = memory.allocationAt(value);
    if (a != null && a.tag() == tag && a.state() == Allocation.State.LIVE
        && reached.add(a.base())) {
      pending.push(a);
    }
  }
}

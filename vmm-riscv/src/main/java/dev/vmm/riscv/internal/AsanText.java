package dev.vmm.riscv.internal;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.Allocation;
import dev.vmm.memory.LeakReport;
import dev.vmm.memory.Violation;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.SymbolTable;
import dev.vmm.riscv.ViolationReport;
import java.util.Locale;

/**
 * Formats reports the way AddressSanitizer and LeakSanitizer print theirs, so that they read
 * familiarly: an {@code ERROR} line with the kind, the access, the pc as {@code function+0xoffset},
 * where the address lies relative to the allocation, and the allocation's sites.
 */
public final class AsanText {
  private static final String PREFIX = "==vmm== ";

  private AsanText() {}

  /**
   * Formats a memory violation.
   *
   * @param report the violation and its pc
   * @param symbols the program's symbols
   * @return the text
   */
  public static String violation(ViolationReport report, SymbolTable symbols) {
    Violation v = report.violation();
    StringBuilder text = new StringBuilder(PREFIX).append("ERROR: AddressSanitizer: ")
        .append(v.kind().asanName()).append(" (").append(v.kind()).append(") on address ")
        .append(hex(v.address())).append(" at pc ").append(site(report.pc(), symbols))
        .append('\n');
    boolean free = v.access() == AccessKind.FREE || v.access() == AccessKind.REALLOC;
    if (free) {
      text.append(v.access()).append(" of pointer ").append(hex(v.pointer()))
          .append(" (tag ").append(hex(v.pointerTag())).append(") called from ")
          .append(site(v.site(), symbols)).append('\n');
    } else {
      text.append(v.access()).append(" of size ").append(v.size()).append(" at ")
          .append(hex(v.address())).append(" through pointer ").append(hex(v.pointer()))
          .append(" (tag ").append(hex(v.pointerTag())).append(")\n");
    }
    text.append("    #0 ").append(site(report.pc(), symbols)).append('\n');
    if (free) {
      text.append("    #1 ").append(site(v.site(), symbols)).append('\n');
    }
    Allocation a = v.allocation();
    if (a == null) {
      text.append(hex(v.address())).append(" is not near any heap allocation\n");
    } else {
      text.append(hex(v.address())).append(" is located ").append(where(v, a)).append(' ')
          .append(a.size()).append("-byte region [").append(hex(a.base())).append(',')
          .append(hex(a.end())).append("), tag ").append(hex(a.tag())).append(", ")
          .append(a.state().name().toLowerCase(Locale.ROOT)).append('\n');
      if (a.state() == Allocation.State.QUARANTINED) {
        text.append("freed at ").append(site(a.freeSite(), symbols)).append('\n');
        text.append("previously allocated at ");
      } else {
        text.append("allocated at ");
      }
      text.append(site(a.allocationSite(), symbols)).append('\n');
    }
    return text.append("SUMMARY: AddressSanitizer: ").append(v.kind().asanName()).append(" in ")
        .append(symbols.describe(report.pc())).toString();
  }

  /** Where the access lies relative to the allocation, as ASan words it. */
  private static String where(Violation v, Allocation a) {
    long offset = v.offset();
    if (offset < 0) {
      return -offset + " bytes before the";
    }
    if (offset >= a.size() && v.size() > 0) {
      return offset - a.size() + " bytes after the end of the";
    }
    if (offset + v.size() > a.size()) {
      return offset + " bytes inside of, and running past the end of, the";
    }
    return offset + " bytes inside of the";
  }

  /**
   * Formats the allocations still live at exit, LeakSanitizer's way.
   *
   * @param leaks the allocations nothing reachable points to
   * @param symbols the program's symbols
   * @return the text, or an empty string if nothing leaked
   */
  public static String leaks(LeakReport leaks, SymbolTable symbols) {
    if (leaks.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(PREFIX)
        .append("ERROR: LeakSanitizer: detected memory leaks\n");
    for (Allocation a : leaks.allocations()) {
      text.append("Direct leak of ").append(a.size()).append(" byte(s) at ").append(hex(a.base()))
          .append(" (tag ").append(hex(a.tag())).append(") allocated at ")
          .append(site(a.allocationSite(), symbols)).append('\n');
    }
    return text.append("SUMMARY: AddressSanitizer: ").append(leaks.bytes())
        .append(" byte(s) leaked in ").append(leaks.allocations().size())
        .append(" allocation(s).").toString();
  }

  /**
   * Formats a stop that is not a tagged-memory violation: a jump to memory that may not be
   * executed, an illegal instruction, a breakpoint.
   *
   * @param stop the stop
   * @param symbols the program's symbols
   * @return the text
   */
  public static String fault(HartStop stop, SymbolTable symbols) {
    String kind = switch (stop) {
      case HartStop.MemoryFault f -> "SEGV";
      case HartStop.IllegalInstruction i -> "ILL";
      case HartStop.Breakpoint b -> "TRAP";
      default -> "STOP";
    };
    return PREFIX + "ERROR: AddressSanitizer: " + kind + " at pc " + site(stop.pc(), symbols)
        + "\n" + stop.describe() + "\nSUMMARY: AddressSanitizer: " + kind + " in "
        + symbols.describe(stop.pc());
  }

  private static String site(long address, SymbolTable symbols) {
    String name = symbols.describe(address);
    return name.startsWith("0x") ? name : name + " (" + hex(address) + ")";
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}

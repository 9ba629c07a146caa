package dev.vmm.memory;

import java.util.List;

/**
 * The allocations still live when asked (usually at teardown), in address order, with their sites.
 *
 * @param allocations the live allocations, unmodifiable
 * @param bytes the sum of their sizes
 */
public record LeakReport(List<Allocation> allocations, long bytes) {

  /**
   * Copies the list.
   *
   * @throws NullPointerException if allocations is null
   */
  public LeakReport {
    allocations = List.copyOf(allocations);
  }

  /**
   * Tells whether nothing leaked.
   *
   * @return true if no allocation is live
   */
  public boolean isEmpty() {
    return allocations.isEmpty();
  }

  /**
   * Describes the leaks, one line per allocation, in the style of LeakSanitizer.
   *
   * @return the report text, or a line saying there were none
   */
  public String describe() {
    if (allocations.isEmpty()) {
      return "no leaks";
    }
    StringBuilder text = new StringBuilder()
        .append(bytes).append(" bytes leaked in ").append(allocations.size())
        .append(" allocations:");
    for (Allocation a : allocations) {
      text.append("\n  ").append(a.size()).append(" bytes at 0x")
          .append(Long.toHexString(a.base())).append(" allocated at 0x")
          .append(Long.toHexString(a.allocationSite()));
    }
    return text.toString();
  }
}

package dev.vmm.memory.internal;

/**
 * Freed allocations waiting to be reused, oldest first, bounded in bytes: while an allocation is
 * here its memory is not handed out again and its entry (with its tag) still maps the memory, so an
 * access through a stale pointer is reported as a use after free. Linked through the table's
 * {@code next} links. Not thread-safe: the heap calls it under its lock.
 */
final class Quarantine {
  private final AllocationTable table;
  private final long limitBytes;
  private int head;
  private int tail;
  private long count;
  private long bytes;

  Quarantine(AllocationTable table, long limitBytes) {
    this.table = table;
    this.limitBytes = limitBytes;
  }

  void add(int id, long granuleBytes) {
    table.next[id] = 0;
    if (tail == 0) {
      head = id;
    } else {
      table.next[tail] = id;
    }
    tail = id;
    count++;
    bytes += granuleBytes;
  }

  boolean overLimit() {
    return bytes > limitBytes;
  }

  boolean isEmpty() {
    return head == 0;
  }

  /** Removes and returns the oldest entry; the caller passes its granule bytes to account. */
  int removeOldest(long granuleBytes) {
    int id = head;
    head = table.next[id];
    if (head == 0) {
      tail = 0;
    }
    table.next[id] = 0;
    count--;
    bytes -= granuleBytes;
    return id;
  }

  int oldest() {
    return head;
  }

  long count() {
    return count;
  }

  long bytes() {
    return bytes;
  }

  long limitBytes() {
    return limitBytes;
  }
}

package dev.vmm.handles;

import java.io.Serial;

/**
 * Thrown by insert when every slot up to the table's capacity is live or retired. The table is
 * unchanged by the failed insert and keeps serving every existing handle.
 */
public final class HandleTableFullException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  private final long capacity;

  /**
   * Creates the exception.
   *
   * @param capacity the table's capacity in slots
   * @param live how many handles were live when the insert failed
   */
  public HandleTableFullException(long capacity, long live) {
    super("handle table is full: all " + capacity + " slots are in use (" + live
        + " live, the rest retired after " + HandleLayout.MAX_GENERATION
        + " generations); remove handles or build the table with a larger capacity");
    this.capacity = capacity;
  }

  /**
   * Returns the capacity that was exhausted.
   *
   * @return capacity in slots
   */
  public long capacity() {
    return capacity;
  }
}

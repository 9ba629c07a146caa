package dev.vmm.stress.handles;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;

/** Shared set-up for the handle-table stress tests. */
final class Fixtures {
  /** A resolve or remove returned the object the handle was minted for. */
  static final int OWN = 1;
  /** It returned null. */
  static final int NONE = 0;
  /** It returned some other object: never correct. */
  static final int OTHER = -1;

  /** Slots per leaf of {@link #growingTable}. */
  static final int LEAF_SIZE = 2;
  /** Children per index table of {@link #growingTable}. */
  static final int FAN_OUT = 2;

  private Fixtures() {}

  /**
   * A table with the smallest leaves and fan-out, so that a handful of inserts adds leaves, index
   * tables and levels.
   */
  static HandleTable<Object> growingTable() {
    return HandleTable.builder().leafSize(LEAF_SIZE).fanOut(FAN_OUT).build();
  }

  /** Slots addressable with {@code height} levels above the leaves: leafSize * fanOut^height. */
  static int reach(int height) {
    int reach = LEAF_SIZE;
    for (int i = 0; i < height; i++) {
      reach *= FAN_OUT;
    }
    return reach;
  }

  /**
   * Inserts {@code values} into a fresh table in order and checks that they took the slots 0, 1, 2
   * ... in generation 1, which the tests' arithmetic on indexes relies on.
   *
   * @return the handles, in the order of {@code values}
   */
  static long[] fill(HandleTable<Object> table, Object[] values) {
    long[] handles = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      handles[i] = table.insert(values[i]);
      if (HandleLayout.index(handles[i]) != i || HandleLayout.generation(handles[i]) != 1) {
        throw new IllegalStateException(
            "insert " + i + " into a fresh table gave " + HandleLayout.describe(handles[i]));
      }
    }
    return handles;
  }

  /** Fresh distinct objects, each identifiable by identity. */
  static Object[] objects(int count) {
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      values[i] = new Object();
    }
    return values;
  }

  /**
   * Codes a returned object: {@link #OWN} if {@code got} is {@code expected}, {@link #NONE} if
   * null, else {@link #OTHER}.
   */
  static int code(Object got, Object expected) {
    if (got == expected) {
      return OWN;
    }
    return got == null ? NONE : OTHER;
  }

  /** 1 if every handle resolves to its own object, else 0. */
  static int allResolve(HandleTable<Object> table, long[] handles, Object[] values) {
    for (int i = 0; i < handles.length; i++) {
      if (table.resolve(handles[i]) != values[i]) {
        return 0;
      }
    }
    return 1;
  }
}

package dev.vmm.bench.handles;

import dev.vmm.handles.HandleLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The floor for any handle table that validates handles in 12 bytes per slot: one flat
 * {@code long[]} of states (the live handle itself) and one flat {@code Object[]} of objects,
 * indexed by the handle's index, with no hierarchy (so no growth) and no free-slot management.
 *
 * <p>{@link #get} does the least a lookup that refuses stale, forged and out-of-range handles can
 * do: a bounds test, the object (acquire) and one compare of the slot's state (acquire) with the
 * handle. It is a lower bound, not a correct table: with a single state read a handle of the
 * slot's next generation, forged and resolved while the slot is removed and reissued, could get
 * the previous occupant; the real table reads the state a second time to refuse that.
 */
final class ValidatedFlatArrays {
  private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

  private final long[] states;
  private final Object[] values;

  ValidatedFlatArrays(int capacity) {
    states = new long[capacity];
    values = new Object[capacity];
  }

  /** Makes {@code handle} live with {@code value}: the object first, then the state, both release. */
  void put(long handle, Object value) {
    int index = HandleLayout.index(handle);
    VALUES.setRelease(values, index, value);
    STATES.setRelease(states, index, handle);
  }

  /** The object of a live handle, else null; a non-positive value never matches a state. */
  Object get(long handle) {
    int index = HandleLayout.index(handle);
    long[] s = states;
    Object[] v = values;
    if (index >= s.length || index >= v.length) {
      return null;
    }
    Object value = VALUES.getAcquire(v, index);
    return (long) STATES.getAcquire(s, index) == handle ? value : null;
  }
}

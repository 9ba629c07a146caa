package dev.vmm.handles.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A leaf table: per slot, a state word and the object.
 *
 * <p>The state is the live handle itself while the slot is live, so resolving is one compare;
 * it is {@link SlotStates#isFree negative} while the slot is free and 0 before its first use, and
 * neither can equal a handle. Objects and states sit in two flat arrays rather than in a slot
 * object each, which keeps the table at 12 bytes per slot and the value one dependent load away.
 *
 * <p>Accessor names say the memory order, JCTools style: {@code lv} load acquire, {@code so}
 * store release, {@code cas} compare-and-set (volatile).
 */
final class Leaf {
  private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

  private final long[] states;
  private final Object[] values;

  Leaf(int size) {
    states = new long[size];
    values = new Object[size];
  }

  long lvState(int slot) {
    return (long) STATES.getAcquire(states, slot);
  }

  /** Release: a reader that acquires the new state sees everything written before it. */
  void soState(int slot, long state) {
    STATES.setRelease(states, slot, state);
  }

  boolean casState(int slot, long expected, long state) {
    return STATES.compareAndSet(states, slot, expected, state);
  }

  /**
   * Acquire, so that the state re-check that follows in a lookup cannot be satisfied by a load
   * performed before this one.
   */
  Object lvValue(int slot) {
    return VALUES.getAcquire(values, slot);
  }

  /**
   * Release: a reader that sees this object also sees the state change that preceded it (the
   * remove that freed the slot), so its re-check of the state fails rather than returning the
   * slot's next occupant for a stale or forged handle.
   */
  void soValue(int slot, Object value) {
    VALUES.setRelease(values, slot, value);
  }
}

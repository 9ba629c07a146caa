package dev.vmm.handles.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Access to a leaf's slots. A leaf is two flat arrays, a {@code long[]} of states and an
 * {@code Object[]} of objects, kept side by side in their parent rather than in a leaf object of
 * their own: a lookup saves one dependent load, and the table stays at 12 bytes per slot.
 *
 * <p>A slot's state is the live handle itself while the slot is live, so resolving is one compare;
 * it is negative while the slot is free and 0 before its first use, and
 * neither can equal a handle.
 *
 * <p>Names say the memory order, JCTools style: {@code lv} load acquire, {@code so} store release,
 * {@code cas} compare-and-set (volatile).
 */
final class LeafSlots {
  private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

  private LeafSlots() {}

  static long lvState(long[] states, int slot) {
    return (long) STATES.getAcquire(states, slot);
  }

  /** Release: a reader that acquires the new state sees everything written before it. */
  static void soState(long[] states, int slot, long state) {
    STATES.setRelease(states, slot, state);
  }

  static boolean casState(long[] states, int slot, long expected, long state) {
    return STATES.compareAndSet(states, slot, expected, state);
  }

  /**
   * Acquire, so that the state re-check that follows in a lookup cannot be satisfied by a load
   * performed before this one.
   */
  static Object lvValue(Object[] values, int slot) {
    return VALUES.getAcquire(values, slot);
  }

  /**
   * Release: a reader that sees this object also sees the state change that preceded it (the
   * remove that freed the slot), so its re-check of the state fails rather than returning the
   * slot's next occupant for a stale or forged handle.
   */
  static void soValue(Object[] values, int slot, Object value) {
    VALUES.setRelease(values, slot, value);
  }
}

package dev.vmm.handles.internal;

import dev.vmm.handles.HandleLayout;

/**
 * Encodes the state word of a free slot: bit 63 set (so it can never equal a handle, which is
 * non-negative), the generation of the handle last removed in the handle's generation field, and
 * the index of the next free slot in the index field. A live slot's state is its handle; an unused
 * slot's state is 0.
 */
final class SlotStates {
  static final long FREE = Long.MIN_VALUE;
  /** The "no next slot" index; {@link HandleLayout#MAX_INDEX} is never a slot. */
  static final int NIL = HandleLayout.MAX_INDEX;

  private static final long GENERATION_FIELD =
      (long) HandleLayout.MAX_GENERATION << HandleLayout.GENERATION_SHIFT;

  private SlotStates() {}

  /** The state of a slot whose live handle was just removed; its next link is still NIL. */
  static long freed(long handle) {
    return FREE | (handle & GENERATION_FIELD) | NIL;
  }

  static long withNext(long freeState, int next) {
    return (freeState & ~(long) HandleLayout.MAX_INDEX) | next;
  }

  static int next(long freeState) {
    return HandleLayout.index(freeState);
  }

  static boolean isLive(long state) {
    return state > 0;
  }
}

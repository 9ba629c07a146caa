package dev.vmm.handles.internal;

import dev.vmm.handles.HandleLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where inserts get slots: a lock-free (Treiber) stack of freed slots, linked through the free
 * slots' own state words, and the high-water mark of slots never used.
 *
 * <p>The stack head packs a 36-bit version above the 28-bit top index; every push and pop bumps
 * the version, so a pop whose head was popped and pushed back meanwhile (ABA) fails its CAS. The
 * version would have to wrap (2^36 pushes and pops) during one thread's single pop attempt for
 * ABA to slip through.
 *
 * <p>These fields are written by every insert and remove; the padding keeps them off the cache
 * lines of the read-mostly fields that every resolve loads.
 */
final class FreeSlots extends FreeSlotsFields {
  @SuppressWarnings("unused")
  private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

  FreeSlots() {}
}

/** Cache-line padding before {@link FreeSlotsFields}. */
abstract class FreeSlotsPad {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The contended fields of {@link FreeSlots}. */
abstract class FreeSlotsFields extends FreeSlotsPad {
  private static final VarHandle HEAD;
  private static final VarHandle HIGH_WATER;
  private static final long VERSION_UNIT = 1L << HandleLayout.INDEX_BITS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(FreeSlotsFields.class, "head", long.class);
      HIGH_WATER = lookup.findVarHandle(FreeSlotsFields.class, "highWater", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through HEAD
  private volatile long head = SlotStates.NIL;
  @SuppressWarnings("unused") // accessed through HIGH_WATER
  private volatile int highWater;

  /** Pops a freed slot; returns its index, or {@link SlotStates#NIL} when none is free. */
  final int pop(HandleTree tree) {
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      int index = HandleLayout.index(h);
      if (index == SlotStates.NIL) {
        return SlotStates.NIL;
      }
      // The slot exists (it was used before it was freed). If another thread pops it first, this
      // read may see a live handle instead of a link, but then the version moved and the CAS fails.
      long[] states = HandleTree.statesOrNull(tree.leafParentOrNull(index), tree.pairOf(index));
      long state = LeafSlots.lvState(states, index & (states.length - 1));
      int next = SlotStates.next(state);
      // (version, index) -> (version + 1, next): the slot leaves the stack and is ours.
      if (HEAD.compareAndSet(this, h, nextVersion(h) | next)) {
        return index;
      }
    }
  }

  /**
   * Pushes slot {@code slot} of {@code states}, index {@code index}, whose state the caller has
   * just moved from live to {@code freedState}.
   */
  final void push(int index, long[] states, int slot, long freedState) {
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      // Written before the CAS publishes the slot; a popper acquires the head, then reads this.
      LeafSlots.soState(states, slot, SlotStates.withNext(freedState, HandleLayout.index(h)));
      // (version, top) -> (version + 1, index): the slot is on the stack.
      if (HEAD.compareAndSet(this, h, nextVersion(h) | index)) {
        return;
      }
    }
  }

  /**
   * Claims the lowest never-used slot below {@code capacity}; returns its index, or
   * {@link SlotStates#NIL} when the capacity is reached (the mark then stays at the capacity).
   */
  final int claimUnused(int capacity) {
    for (;;) {
      int mark = (int) HIGH_WATER.getVolatile(this);
      if (mark >= capacity) {
        return SlotStates.NIL;
      }
      if (HIGH_WATER.compareAndSet(this, mark, mark + 1)) {
        return mark;
      }
    }
  }

  /** Slots ever claimed; the leaf of a just-claimed index may still be in the making. */
  final int highWater() {
    return (int) HIGH_WATER.getAcquire(this);
  }

  private static long nextVersion(long head) {
    return (head & ~(long) HandleLayout.MAX_INDEX) + VERSION_UNIT;
  }
}

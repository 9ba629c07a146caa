package dev.vmm.handles.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where inserts get slots: freed slots from a few {@link FreeStack}s, else the lowest slot never
 * used (the high-water mark).
 *
 * <p>A thread pushes the slots it frees onto the stack its thread id picks and pops from that
 * stack first, so threads that insert and remove at the same time mostly touch different cache
 * lines; it takes from the other stacks only when its own is empty. One shared stack made two
 * threads' insert+remove pairs slower than one thread's.
 */
final class FreeSlots extends FreeSlotsFields {
  @SuppressWarnings("unused")
  private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

  FreeSlots(int stripes) {
    super(stripes);
  }
}

/** Cache-line padding before {@link FreeSlotsFields}. */
abstract class FreeSlotsPad {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The fields of {@link FreeSlots}: the high-water mark is written whenever the table grows. */
abstract class FreeSlotsFields extends FreeSlotsPad {
  private static final VarHandle HIGH_WATER;

  static {
    try {
      HIGH_WATER = MethodHandles.lookup().findVarHandle(FreeSlotsFields.class, "highWater", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final FreeStack[] stacks;
  private final int stackMask;
  @SuppressWarnings("unused") // accessed through HIGH_WATER
  private volatile int highWater;

  /** @param stripes the number of stacks, a power of two */
  FreeSlotsFields(int stripes) {
    stacks = new FreeStack[stripes];
    for (int i = 0; i < stripes; i++) {
      stacks[i] = new FreeStack();
    }
    stackMask = stripes - 1;
  }

  /** Pops a freed slot; returns its index, or {@link SlotStates#NIL} when none is free. */
  final int pop(HandleTree tree) {
    int own = ownStack();
    for (int i = 0; i <= stackMask; i++) {
      int index = stacks[(own + i) & stackMask].pop(tree);
      if (index != SlotStates.NIL) {
        return index;
      }
    }
    return SlotStates.NIL;
  }

  /**
   * Pushes slot {@code slot} of {@code states}, index {@code index}, whose state the caller has
   * just moved from live to {@code freedState}.
   */
  final void push(int index, long[] states, int slot, long freedState) {
    stacks[ownStack()].push(index, states, slot, freedState);
  }

  /**
   * The sum of the stack heads. Each push or pop adds {@code 2^28 + (new top - old top) > 0} to its
   * stack's head (the version moves up by one, the index by less than {@code 2^28}), so two equal
   * sums mean no stack changed in between (the sum would have to wrap by exactly {@code 2^64}).
   */
  final long changes() {
    long sum = 0;
    for (FreeStack stack : stacks) {
      sum += stack.head();
    }
    return sum;
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

  private int ownStack() {
    return (int) Thread.currentThread().threadId() & stackMask;
  }
}

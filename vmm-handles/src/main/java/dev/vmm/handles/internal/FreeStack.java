package dev.vmm.handles.internal;

import dev.vmm.handles.HandleLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free (Treiber) stack of freed slots, linked through the free slots' own state words.
 *
 * <p>The head packs a 36-bit version above the 28-bit top index; every push and pop bumps the
 * version, so a pop whose head was popped and pushed back meanwhile (ABA) fails its CAS. The
 * version would have to wrap (2^36 pushes and pops) during one thread's single pop attempt for
 * ABA to slip through. A slot may be pushed onto a different stack than the one it was popped
 * from; each stack's version still moves on every change of that stack.
 *
 * <p>The head is written by every insert and remove that uses this stack; the padding keeps it
 * on a cache line of its own.
 */
final class FreeStack extends FreeStackHead {
  @SuppressWarnings("unused")
  private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** Cache-line padding before {@link FreeStackHead}. */
abstract class FreeStackPad {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The contended field of {@link FreeStack} and the operations on it. */
abstract class FreeStackHead extends FreeStackPad {
  private static final VarHandle HEAD;
  private static final long VERSION_UNIT = 1L << HandleLayout.INDEX_BITS;

  static {
    try {
      HEAD = MethodHandles.lookup().findVarHandle(FreeStackHead.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through HEAD
  private volatile long head = SlotStates.NIL;

  /** Pops a freed slot; returns its index, or {@link SlotStates#NIL} when this stack is empty. */
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
      long state = LeafSlots.lvState(states, tree.slotOf(index));
      // (version, index) -> (version + 1, next): the slot leaves the stack and is ours.
      if (HEAD.compareAndSet(this, h, nextVersion(h) | SlotStates.next(state))) {
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

  /** The head word: version and top index; see {@link FreeSlots#changes}. */
  final long head() {
    return (long) HEAD.getAcquire(this);
  }

  private static long nextVersion(long head) {
    return (head & ~(long) HandleLayout.MAX_INDEX) + VERSION_UNIT;
  }
}

package dev.vmm.handles.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hierarchy of tables: leaves at height 0, index tables ({@code Object[]} of children) above.
 *
 * <p>Invariants, which make the walk lock-free and growth invisible to readers:
 *
 * <ol>
 *   <li>A child, once installed, is never replaced or removed.
 *   <li>A new level's first child is the old top, so a new top at height {@code h + 1} reaches
 *       every index the old top at height {@code h} reached, through the same leaves, because the
 *       new digit of those indexes is 0.
 *   <li>The top and its height change together, in one immutable {@link Top}, published by CAS.
 * </ol>
 *
 * <p>So a reader that loads any top that was ever published, and finds its index below that top's
 * reach, walks to the only leaf that index ever has. Writers race only to install a missing child
 * or a taller top; a loser adopts the winner's node and discards its own.
 */
final class HandleTree {
  private static final VarHandle TOP;
  private static final VarHandle CHILDREN = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      TOP = MethodHandles.lookup().findVarHandle(HandleTree.class, "top", Top.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A top node with its height and reach, immutable so a reader gets all three from one load.
   *
   * @param node a {@link Leaf} when height is 0, else an {@code Object[]} of children
   * @param height levels above the leaves
   * @param reach indexes below this are addressable from this top
   * @param shift digit shift of the top's children (meaningless at height 0)
   */
  private record Top(Object node, int height, int reach, int shift) {}

  private final TableGeometry geometry;
  private final int leafBits;
  private final int fanBits;
  private final int fanMask;
  @SuppressWarnings("unused") // accessed through TOP
  private volatile Top top;

  HandleTree(TableGeometry geometry) {
    this.geometry = geometry;
    this.leafBits = geometry.leafBits();
    this.fanBits = geometry.fanBits();
    this.fanMask = geometry.fanMask();
    this.top = new Top(new Leaf(geometry.leafSize()), 0, geometry.reach(0), 0);
  }

  /**
   * Finds the leaf holding {@code index}, or null where none exists yet. Wait-free: one acquire
   * load of the top, then one acquire load per level; never retries.
   */
  Leaf leafOrNull(int index) {
    // Acquire pairs with the release of the CAS that published this top: its children array,
    // filled before publication, is visible.
    Top t = (Top) TOP.getAcquire(this);
    if (index >= t.reach) {
      return null;
    }
    Object node = t.node;
    for (int shift = t.shift; shift >= leafBits; shift -= fanBits) {
      // Acquire pairs with the CAS that installed the child, so its arrays are seen initialized.
      node = CHILDREN.getAcquire((Object[]) node, (index >>> shift) & fanMask);
      if (node == null) {
        return null;
      }
    }
    return (Leaf) node;
  }

  /**
   * Finds or creates the leaf for an index the caller has just claimed (below the capacity),
   * adding levels on top as needed. Lock-free: each CAS that fails means another thread made the
   * same progress, whose result is adopted.
   */
  Leaf leafFor(int index) {
    Top t = (Top) TOP.getAcquire(this);
    while (index >= t.reach) {
      Object[] children = new Object[geometry.fanOut()];
      children[0] = t.node;
      int height = t.height + 1;
      Top taller = new Top(children, height, geometry.reach(height), geometry.digitShift(height));
      // Top -> taller top: the only transition; a failure means someone else grew it first.
      Top witness = (Top) TOP.compareAndExchange(this, t, taller);
      t = witness == t ? taller : witness;
    }
    Object node = t.node;
    for (int height = t.height; height > 0; height--) {
      Object[] children = (Object[]) node;
      int digit = (index >>> geometry.digitShift(height)) & fanMask;
      Object child = CHILDREN.getAcquire(children, digit);
      if (child == null) {
        Object fresh = height == 1 ? new Leaf(geometry.leafSize()) : new Object[geometry.fanOut()];
        // null -> child: installed once, never replaced; a loser adopts the winner's child.
        Object witness = CHILDREN.compareAndExchange(children, digit, (Object) null, fresh);
        child = witness == null ? fresh : witness;
      }
      node = child;
    }
    return (Leaf) node;
  }

  /** Levels above the leaves right now; for tests and diagnostics. */
  int height() {
    return ((Top) TOP.getAcquire(this)).height;
  }
}

package dev.vmm.handles.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hierarchy of tables. Height 1 is a <em>leaf parent</em>: an {@code Object[]} of
 * {@code 2 * fanOut} entries holding each leaf as a pair, its {@code long[]} states at {@code 2d}
 * and its {@code Object[]} objects at {@code 2d + 1} (see {@link LeafSlots}). Above it, index
 * tables are {@code Object[]} of {@code fanOut} children. A table of one leaf (height 0) keeps it
 * in a leaf parent of one pair.
 *
 * <p>Invariants, which make the walk lock-free and growth invisible to readers:
 *
 * <ol>
 *   <li>A child, once installed, is never replaced or removed.
 *   <li>A new level's first child is the old top (from height 0 to 1, its one leaf pair moves into
 *       the first pair of the new leaf parent; the arrays themselves never move). So a top at height
 *       {@code h + 1} reaches every index the top at height {@code h} reached, through the same
 *       leaves, because the new digit of those indexes is 0.
 *   <li>The top and its height change together, in one immutable {@link Top}, published by CAS.
 * </ol>
 *
 * <p>So a reader that loads any top that was ever published, and finds its index below that top's
 * reach, walks to the only leaf that index ever has. Writers race only to install a missing child
 * or a taller top; a loser adopts the winner's and discards its own.
 *
 * <p>The table extends this class rather than holding it, so a lookup starts one load closer to
 * the slot.
 */
abstract class HandleTree {
  private static final VarHandle TOP;
  private static final VarHandle CHILDREN = MethodHandles.arrayElementVarHandle(Object[].class);
  /** What {@link #childOrInstall} creates when a child is missing. */
  private static final int INDEX_TABLE = 0;
  private static final int LEAF_PARENT = 1;
  private static final int STATES = 2;
  private static final int VALUES = 3;

  static {
    try {
      TOP = MethodHandles.lookup().findVarHandle(HandleTree.class, "top", Top.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A top node with its height and reach, immutable so a reader gets all of them from one load.
   * (A class rather than a record because field-offset tools such as JOL refuse records.)
   */
  private static final class Top {
    /** A leaf parent at height 0 and 1, else an index table. */
    final Object[] node;
    /** Levels above the leaves. */
    final int height;
    /** Indexes below this are addressable from this top. */
    final int reach;
    /** Digit shift of the top's children in an index table; the leaf shift otherwise. */
    final int shift;

    Top(Object[] node, int height, int reach, int shift) {
      this.node = node;
      this.height = height;
      this.reach = reach;
      this.shift = shift;
    }
  }

  /**
   * Consecutive indexes are spread over a leaf by multiplying with this odd number modulo the
   * leaf size (a bijection), so that the slots of index {@code i} and {@code i + 1} (which threads
   * inserting at the same time get) sit 33 slots apart, 264 bytes of states and 132 of objects,
   * rather than in one cache line, which two threads inserting and removing would otherwise fight
   * over. A multiply by a constant keeps the lookup free of loads of per-table shift amounts; for
   * leaves of 32 slots or fewer it is the identity.
   */
  private static final int SPREAD = 33;

  private final TableGeometry geometry;
  final int leafBits;
  private final int fanBits;
  private final int fanMask;
  private final int leafMask;
  private final int pairShift;
  @SuppressWarnings("unused") // accessed through TOP
  private volatile Top top;

  HandleTree(TableGeometry geometry) {
    this.geometry = geometry;
    this.leafBits = geometry.leafBits();
    this.fanBits = geometry.fanBits();
    this.fanMask = geometry.fanMask();
    this.leafMask = geometry.leafMask();
    this.pairShift = leafBits - 1;
    Object[] onlyLeaf = {new long[geometry.leafSize()], new Object[geometry.leafSize()]};
    this.top = new Top(onlyLeaf, 0, geometry.reach(0), leafBits);
  }

  /**
   * Finds the leaf parent of {@code index}, or null where none exists yet; the index's leaf is the
   * pair at {@link #pairOf}. Wait-free: one acquire load of the top, then one per level above the
   * leaf parents; never retries.
   */
  final Object[] leafParentOrNull(int index) {
    // Acquire pairs with the CAS that published this top: its node, filled before, is visible.
    Top t = (Top) TOP.getAcquire(this);
    if (index >= t.reach) {
      return null;
    }
    Object[] node = t.node;
    if (t.height > 1) {
      for (int shift = t.shift; shift > leafBits; shift -= fanBits) {
        // Acquire pairs with the CAS that installed the child, so its contents are seen.
        node = (Object[]) CHILDREN.getAcquire(node, (index >>> shift) & fanMask);
        if (node == null) {
          return null;
        }
      }
    }
    return node;
  }

  /**
   * The leaf parent that index {@code index}'s digits lead to, or null where a child on the way
   * is missing, for a lookup that compares the slot's state with the whole handle afterwards.
   * Unlike {@link #leafParentOrNull} it skips the test of the index against the top's reach: each
   * digit is masked to its table, so an index beyond the reach is folded onto an index the top does
   * reach, whose slot's state (a handle of that other index, or not live) can never equal a handle
   * of this one. Wait-free, as {@link #leafParentOrNull}.
   */
  final Object[] leafParentOrAlias(int index) {
    Top t = (Top) TOP.getAcquire(this);
    Object[] node = t.node;
    // The top's shift is the leaf shift at heights 0 and 1, where the top is the leaf parent.
    for (int shift = t.shift; shift > leafBits; shift -= fanBits) {
      node = (Object[]) CHILDREN.getAcquire(node, (index >>> shift) & fanMask);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Where the leaf of {@code index} sits in its leaf parent: states at this, objects next. */
  final int pairOf(int index) {
    return ((index >>> leafBits) & fanMask) << 1;
  }

  /**
   * {@link #pairOf} within {@code leafParent}'s length, for {@link #leafParentOrAlias}: the same
   * for an index the top reaches; folded onto a pair that exists for any other (the one leaf
   * parent of a table of height 0 holds one pair).
   */
  final int pairWithin(Object[] leafParent, int index) {
    return (index >>> pairShift) & (leafParent.length - 2);
  }

  /** Where index {@code index} sits within its leaf: spread by {@link #SPREAD}. */
  final int slotOf(int index) {
    return (index * SPREAD) & leafMask;
  }

  static long[] statesOrNull(Object[] leafParent, int pair) {
    // Acquire pairs with the CAS that installed the leaf (see leafFor).
    return (long[]) CHILDREN.getAcquire(leafParent, pair);
  }

  static Object[] values(Object[] leafParent, int pair) {
    return (Object[]) CHILDREN.getAcquire(leafParent, pair + 1);
  }

  /**
   * Finds or creates the leaf for an index the caller has just claimed (below the capacity),
   * adding levels on top as needed, and returns its leaf parent. Lock-free: each CAS that fails
   * means another thread made the same progress, whose result is adopted.
   */
  final Object[] leafFor(int index) {
    Top t = (Top) TOP.getAcquire(this);
    while (index >= t.reach) {
      t = grow(t);
    }
    Object[] node = t.node;
    for (int height = t.height; height > 1; height--) {
      int digit = (index >>> geometry.digitShift(height)) & fanMask;
      node = (Object[]) childOrInstall(node, digit, height == 2 ? LEAF_PARENT : INDEX_TABLE);
    }
    int pair = pairOf(index);
    // The states go in first: lookups test them for null, and a slot of this leaf is published
    // only after both arrays are installed.
    childOrInstall(node, pair, STATES);
    childOrInstall(node, pair + 1, VALUES);
    return node;
  }

  /** Levels above the leaves right now; for tests and diagnostics. */
  final int height() {
    return ((Top) TOP.getAcquire(this)).height;
  }

  private Top grow(Top t) {
    int height = t.height + 1;
    Object[] node;
    if (height == 1) {
      node = new Object[2 * geometry.fanOut()];
      node[0] = t.node[0];
      node[1] = t.node[1];
    } else {
      node = new Object[geometry.fanOut()];
      node[0] = t.node;
    }
    Top taller = new Top(node, height, geometry.reach(height), geometry.digitShift(height));
    // top -> taller top: the only transition; a failure means another thread grew it first.
    Top witness = (Top) TOP.compareAndExchange(this, t, taller);
    return witness == t ? taller : witness;
  }

  private Object childOrInstall(Object[] node, int i, int what) {
    Object child = CHILDREN.getAcquire(node, i);
    if (child != null) {
      return child;
    }
    Object fresh = switch (what) {
      case INDEX_TABLE -> new Object[geometry.fanOut()];
      case LEAF_PARENT -> new Object[2 * geometry.fanOut()];
      case STATES -> new long[geometry.leafSize()];
      default -> new Object[geometry.leafSize()];
    };
    // null -> child: installed once, never replaced; a loser adopts the winner's child.
    Object witness = CHILDREN.compareAndExchange(node, i, (Object) null, fresh);
    return witness == null ? fresh : witness;
  }
}

package dev.vmm.handles.internal;

import dev.vmm.handles.HandleConsumer;
import dev.vmm.handles.HandleKind;
import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import dev.vmm.handles.HandleTableFullException;
import dev.vmm.handles.InvalidHandleException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link HandleTable} implementation: a {@link HandleTree} of leaves ({@link LeafSlots}), slots
 * from {@link FreeSlots}.
 *
 * <p>A slot's life: unused (state 0) or free (state negative) -> live (state = handle), by the
 * inserter that owns the slot after claiming or popping it: it stores the object, then the
 * handle, both with release. Live -> free, by the one remove whose CAS on the state wins; it then
 * clears the object and pushes the slot, unless the generation is exhausted, in which case the
 * slot stays free forever (retired).
 *
 * <p>A lookup reads state, object, state again (acquire each) and answers only if both states
 * equal the handle. The first check makes the object the one published with the handle (it was
 * stored before); the second rejects an object stored after the handle was removed, which matters
 * when a stale or forged handle races a remove and a re-insert of the same slot. One state read is
 * not enough on either side of the object:
 *
 * <ul>
 *   <li>State, then object: a stale handle's state is seen, the slot is removed and reissued, the
 *       new occupant is read (caught by {@code StaleHandleReuseTest} in vmm-stress).
 *   <li>Object, then state: this does refuse a stale handle. The new occupant is stored with
 *       release after its inserter popped the slot, which happens after the remover's CAS moved
 *       the state on; a reader that acquires the new occupant therefore sees that CAS, never the
 *       stale handle's state. But a handle of the slot's <em>next</em> generation, forged (or
 *       predicted) before it is issued, can read the current occupant, and then, once the slot is
 *       removed and reissued under it, its own state: it would get the previous occupant (caught
 *       by {@code NextGenerationResolveTest}).
 * </ul>
 *
 * <p>The second read costs one compare on a cache line the first just loaded. The state is the
 * whole handle, index included, which also lets the lookup skip the test of the index against
 * the hierarchy's reach (see {@link HandleTree#leafParentOrAlias}).
 *
 * @param <T> the type of the objects held
 */
public final class LockFreeHandleTable<T> extends HandleTree implements HandleTable<T> {
  private static final VarHandle KINDS = MethodHandles.arrayElementVarHandle(HandleKind[].class);
  /** Marks a never-used slot in what {@link #takeSlot} returns; indexes fit in 28 bits. */
  private static final int FRESH = 1 << 30;

  /** One free-slot stack per core or so: the smallest power of two at least twice the cores. */
  private static final int FREE_STACKS =
      Math.min(64, Integer.highestOneBit(4 * Runtime.getRuntime().availableProcessors() - 1));

  private final FreeSlots slots = new FreeSlots(FREE_STACKS);
  private final int capacity;
  private final int tableId;
  private final long tableBits;
  /** The kind object each tag is bound to in this table; bound once, on first insert. */
  private final HandleKind<?>[] kinds = new HandleKind<?>[HandleLayout.MAX_KIND + 1];
  private final LongAdder live = new LongAdder();

  /**
   * Creates an empty table of one leaf.
   *
   * @param geometry leaf size, fan-out and capacity, already validated
   * @param tableId the id stored in every handle minted here
   */
  public LockFreeHandleTable(TableGeometry geometry, int tableId) {
    super(geometry);
    this.capacity = geometry.capacity();
    this.tableId = tableId;
    this.tableBits = (long) tableId << HandleLayout.TABLE_SHIFT;
  }

  @Override
  public long insert(T value) {
    return insertTagged(HandleKind.UNTYPED_TAG, value);
  }

  @Override
  public <V extends T> long insert(HandleKind<V> kind, V value) {
    bind(kind);
    return insertTagged(kind.tag(), value);
  }

  @Override
  public T resolve(long handle) {
    return handle > 0 ? lookup(handle) : null;
  }

  @Override
  public <V extends T> V resolve(HandleKind<V> kind, long handle) {
    if (!hasTag(kind, handle)) {
      return null;
    }
    int tag = kind.tag();
    // A tag is bound once and for good, so a binding seen now holds for the lookup. This read,
    // before the lookup and off its chain of dependent loads, is the common case.
    if (kinds[tag] == kind) {
      return lookup(handle);
    }
    V value = lookup(handle);
    // Not seen yet: read again after the lookup, whose acquire of the live state orders this read
    // after the insert that bound the kind, so a live handle is never refused for want of seeing
    // the binding.
    return kinds[tag] == kind ? value : null;
  }

  @Override
  public T resolveOrThrow(long handle) {
    return orExplain(resolve(handle), handle, null);
  }

  @Override
  public <V extends T> V resolveOrThrow(HandleKind<V> kind, long handle) {
    return orExplain(resolve(kind, handle), handle, kind);
  }

  @Override
  public T remove(long handle) {
    return handle > 0 ? delete(handle, null) : null;
  }

  @Override
  public <V extends T> V remove(HandleKind<V> kind, long handle) {
    return hasTag(kind, handle) ? delete(handle, kind) : null;
  }

  @Override
  public T removeOrThrow(long handle) {
    return orExplain(remove(handle), handle, null);
  }

  @Override
  public int size() {
    return (int) Math.max(0, live.sum());
  }

  @Override
  public void forEach(HandleConsumer<? super T> action) {
    visit(-1, action);
  }

  @Override
  public <V extends T> void forEach(HandleKind<V> kind, HandleConsumer<? super V> action) {
    Objects.requireNonNull(action, "action");
    // Only the kind bound to the tag has entries here; another kind object with the same tag
    // would otherwise receive the first kind's objects as its own type.
    if (boundKind(kind.tag()) == kind) {
      visit(kind.tag(), action);
    }
  }

  @Override
  public int tableId() {
    return tableId;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  int highWater() {
    return slots.highWater();
  }

  /** The slot's state word, or 0 where its leaf does not exist; for diagnosis only. */
  long stateOf(int index) {
    Object[] leafParent = leafParentOrNull(index);
    long[] states = leafParent == null ? null : statesOrNull(leafParent, pairOf(index));
    return states == null ? 0 : LeafSlots.lvState(states, slotOf(index));
  }

  HandleKind<?> boundKind(int tag) {
    return (HandleKind<?>) KINDS.getAcquire(kinds, tag);
  }

  /** Passes a found object through; for a miss, throws the diagnosis of the handle. */
  private <V> V orExplain(V value, long handle, HandleKind<?> expected) {
    if (value == null) {
      throw HandleDiagnosis.explain(this, handle, expected);
    }
    return value;
  }

  /**
   * Whether the handle carries the kind's tag. The kind must also be the one bound to that tag
   * here, or a second kind object with the same tag could read the first kind's objects as its
   * own type; the callers check that too.
   */
  private static boolean hasTag(HandleKind<?> kind, long handle) {
    return handle > 0 && HandleLayout.kind(handle) == kind.tag();
  }

  @SuppressWarnings("unchecked")
  private <V> V lookup(long handle) {
    int index = HandleLayout.index(handle);
    Object[] leafParent = leafParentOrAlias(index);
    if (leafParent == null) {
      return null;
    }
    int pair = pairWithin(leafParent, index);
    long[] states = statesOrNull(leafParent, pair);
    if (states == null) {
      return null;
    }
    int slot = slotOf(index);
    if (LeafSlots.lvState(states, slot) != handle) {
      return null;
    }
    // Installed before any slot of the leaf was published, which the state just showed.
    Object value = LeafSlots.lvValue(values(leafParent, pair), slot);
    return LeafSlots.lvState(states, slot) == handle ? (V) value : null;
  }

  /** Removes a live handle; with a kind, only if that kind is the one bound to its tag. */
  @SuppressWarnings("unchecked")
  private <V> V delete(long handle, HandleKind<?> kind) {
    int index = HandleLayout.index(handle);
    Object[] leafParent = leafParentHolding(handle, index);
    // The binding is read after the acquire of the live state, so it is seen (see resolve).
    if (leafParent == null || (kind != null && kinds[kind.tag()] != kind)) {
      return null;
    }
    int pair = pairOf(index);
    long[] states = statesOrNull(leafParent, pair);
    int slot = slotOf(index);
    // The object published with the handle: it changes only after the state leaves the handle,
    // and then the CAS below fails.
    Object[] values = values(leafParent, pair);
    Object value = LeafSlots.lvValue(values, slot);
    long freed = SlotStates.freed(handle);
    // live (handle) -> free: the one linearization point of remove; exactly one remover wins.
    if (!LeafSlots.casState(states, slot, handle, freed)) {
      return null;
    }
    LeafSlots.soValue(values, slot, null);
    live.decrement();
    if (HandleLayout.generation(handle) < HandleLayout.MAX_GENERATION) {
      slots.push(index, states, slot, freed);
    }
    return (V) value;
  }

  /**
   * Takes a freed slot, else a never-used one (returned with {@link #FRESH} set), else throws
   * {@link HandleTableFullException}; but only if no free-slot stack changed during the search,
   * since the stacks are searched one after another and a slot freed onto an already searched
   * stack while another is taken from a stack not yet searched would otherwise be missed. Every
   * change adds a positive amount to the sum of the stack heads (see {@link FreeSlots#changes}), so
   * an unchanged sum means every stack was empty at one instant.
   */
  private int takeSlot() {
    int index = slots.pop(this);
    if (index != SlotStates.NIL) {
      return index;
    }
    index = slots.claimUnused(capacity);
    if (index != SlotStates.NIL) {
      return index | FRESH;
    }
    // Only a table that looks full pays for reading every stack's head.
    for (;;) {
      long changes = slots.changes();
      index = slots.pop(this);
      if (index != SlotStates.NIL) {
        return index;
      }
      index = slots.claimUnused(capacity);
      if (index != SlotStates.NIL) {
        return index | FRESH;
      }
      if (slots.changes() == changes) {
        throw new HandleTableFullException(capacity, live.sum());
      }
    }
  }

  /** The leaf parent of slot {@code index} if that slot holds {@code handle} now, else null. */
  private Object[] leafParentHolding(long handle, int index) {
    Object[] leafParent = leafParentOrNull(index);
    long[] states = leafParent == null ? null : statesOrNull(leafParent, pairOf(index));
    boolean holds =
        states != null && LeafSlots.lvState(states, slotOf(index)) == handle;
    return holds ? leafParent : null;
  }

  private long insertTagged(int tag, Object value) {
    Objects.requireNonNull(value, "value");
    int taken = takeSlot();
    int index = taken & ~FRESH;
    Object[] leafParent;
    int generation;
    if (taken == index) {
      leafParent = leafParentOrNull(index);
      long[] states = statesOrNull(leafParent, pairOf(index));
      generation = HandleLayout.generation(LeafSlots.lvState(states, slotOf(index))) + 1;
    } else {
      leafParent = leafFor(index);
      generation = 1;
    }
    long handle = (long) tag << HandleLayout.KIND_SHIFT
        | tableBits
        | (long) generation << HandleLayout.GENERATION_SHIFT
        | index;
    int pair = pairOf(index);
    long[] states = statesOrNull(leafParent, pair);
    int slot = slotOf(index);
    LeafSlots.soValue(values(leafParent, pair), slot, value);
    // free or unused -> live: publishes the object stored just before.
    LeafSlots.soState(states, slot, handle);
    live.increment();
    return handle;
  }

  private void bind(HandleKind<?> kind) {
    int tag = kind.tag();
    HandleKind<?> bound = kinds[tag];
    if (bound == kind) {
      return;
    }
    if (bound == null) {
      // unbound -> bound: once per tag per table.
      bound = (HandleKind<?>) KINDS.compareAndExchange(kinds, tag, (HandleKind<?>) null, kind);
      if (bound == null || bound == kind) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "kind tag " + tag + " is already bound to " + bound + " in table " + tableId
            + "; cannot insert " + kind + " under the same tag");
  }

  @SuppressWarnings("unchecked")
  private <V> void visit(int tag, HandleConsumer<? super V> action) {
    Objects.requireNonNull(action, "action");
    int end = slots.highWater();
    int leafSize = 1 << leafBits;
    for (int base = 0; base < end; base += leafSize) {
      Object[] leafParent = leafParentOrNull(base);
      long[] states = leafParent == null ? null : statesOrNull(leafParent, pairOf(base));
      if (states == null) {
        continue;
      }
      int indexesHere = Math.min(leafSize, end - base);
      for (int index = base; index < base + indexesHere; index++) {
        int slot = slotOf(index);
        long state = LeafSlots.lvState(states, slot);
        if (!SlotStates.isLive(state) || (tag >= 0 && HandleLayout.kind(state) != tag)) {
          continue;
        }
        // Read only now: a live state shows the objects array is installed.
        Object value = LeafSlots.lvValue(values(leafParent, pairOf(base)), slot);
        if (LeafSlots.lvState(states, slot) == state) {
          action.accept(state, (V) value);
        }
      }
    }
  }
}

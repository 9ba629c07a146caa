package dev.vmm.handles;

import dev.vmm.handles.internal.LockFreeHandleTable;
import dev.vmm.handles.internal.TableGeometry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A table that maps 64-bit handles to objects, resolved without a lock while it grows.
 *
 * <p>Slots live in leaf tables of {@code leafSize} entries, held by a hierarchy of index tables of
 * {@code fanOut} entries each. A handle's {@linkplain HandleLayout index} is the path through that
 * hierarchy. The table starts as one leaf; it adds leaves, and then whole levels on top, as it
 * fills. Growth only ever adds: a new level's first entry is the old top, so every existing path,
 * and every existing handle, resolves exactly as before, and readers never wait, spin or retry
 * because of it.
 *
 * <h2>What each call guarantees</h2>
 *
 * <table>
 *   <caption>Progress and consistency per call</caption>
 *   <tr><th>call</th><th>progress</th><th>consistency</th></tr>
 *   <tr><td>{@code resolve}</td><td>wait-free: at most a few loads per level, no lock, no
 *       allocation</td><td>linearizable: returns the object if the handle is live at some point
 *       during the call, else {@code null}</td></tr>
 *   <tr><td>{@code insert}</td><td>lock-free (CAS on a per-thread-striped free-slot stack or the high-water mark;
 *       allocates only a new leaf or level when the table grows)</td><td>the handle is live and
 *       resolvable by any thread once {@code insert} returns</td></tr>
 *   <tr><td>{@code remove}</td><td>lock-free; exactly one of several racing removes of a handle
 *       gets the object</td><td>linearizable; afterwards the handle never resolves again</td></tr>
 *   <tr><td>{@code size}, {@code forEach}</td><td>lock-free</td><td>weakly consistent: every
 *       entry live for the whole call is seen once, entries inserted or removed meanwhile may or may
 *       not be</td></tr>
 * </table>
 *
 * <p>The guarantees are about the table's own operations: publish the table itself to other
 * threads as any object with mutable state (a final or volatile field, a concurrent collection,
 * a thread start), not through a data race.
 *
 * <h2>Bad handles</h2>
 *
 * <p>Lenient lookups ({@link #resolve(long)}, {@link #remove(long)}) return {@code null} for any
 * value that is not a live handle of this table: zero, negative, forged, stale, out of range,
 * another table's or another kind's. Strict lookups throw {@link InvalidHandleException} naming
 * the value, its index and generation, and the {@linkplain InvalidHandleException.Reason reason}.
 * No input makes a lookup throw anything else or return another object.
 *
 * @param <T> the type of the objects held
 */
public interface HandleTable<T> {

  /**
   * Starts building a table.
   *
   * @param <T> the type of the objects held
   * @return a builder with the defaults documented on {@link Builder}
   */
  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /**
   * Inserts an object under the untyped kind (tag 0).
   *
   * @param value the object, not null
   * @return its new handle, never 0
   * @throws HandleTableFullException if every slot up to the capacity is taken
   */
  long insert(T value);

  /**
   * Inserts an object under a kind; the handle resolves only through that kind or untyped.
   *
   * @param kind the kind; the first use of a tag in this table binds the tag to this kind object
   * @param value the object, not null
   * @param <V> the kind's type
   * @return its new handle, never 0
   * @throws IllegalArgumentException if another kind object already holds the same tag here
   * @throws HandleTableFullException if every slot up to the capacity is taken
   */
  <V extends T> long insert(HandleKind<V> kind, V value);

  /**
   * Resolves a handle of any kind.
   *
   * @param handle any value
   * @return the object, or {@code null} if the value is not a live handle of this table
   */
  T resolve(long handle);

  /**
   * Resolves a handle that must be of the given kind.
   *
   * @param kind the kind expected
   * @param handle any value
   * @param <V> the kind's type
   * @return the object, or {@code null} if the value is not a live handle of this kind here
   */
  <V extends T> V resolve(HandleKind<V> kind, long handle);

  /**
   * Resolves a handle of any kind, or says why not.
   *
   * @param handle any value
   * @return the object
   * @throws InvalidHandleException if the value is not a live handle of this table
   */
  T resolveOrThrow(long handle);

  /**
   * Resolves a handle that must be of the given kind, or says why not.
   *
   * @param kind the kind expected
   * @param handle any value
   * @param <V> the kind's type
   * @return the object
   * @throws InvalidHandleException if the value is not a live handle of this kind here
   */
  <V extends T> V resolveOrThrow(HandleKind<V> kind, long handle);

  /**
   * Removes a handle's object and retires the handle: it never resolves again, and its slot's
   * next occupant gets a handle of the next generation.
   *
   * @param handle any value
   * @return the object, or {@code null} if the value was not live (or another remove won)
   */
  T remove(long handle);

  /**
   * Removes a handle that must be of the given kind.
   *
   * @param kind the kind expected
   * @param handle any value
   * @param <V> the kind's type
   * @return the object, or {@code null} if the value was not a live handle of this kind
   */
  <V extends T> V remove(HandleKind<V> kind, long handle);

  /**
   * Removes a handle's object, or says why it cannot.
   *
   * @param handle any value
   * @return the object
   * @throws InvalidHandleException if the value was not live
   */
  T removeOrThrow(long handle);

  /**
   * Counts the live handles.
   *
   * @return the count, weakly consistent under concurrent change
   */
  int size();

  /**
   * Visits every live entry, in index order, weakly consistently.
   *
   * @param action called once per entry seen live
   */
  void forEach(HandleConsumer<? super T> action);

  /**
   * Visits every live entry of one kind, in index order, weakly consistently.
   *
   * @param kind the kind to visit
   * @param action called once per entry of that kind seen live
   * @param <V> the kind's type
   */
  <V extends T> void forEach(HandleKind<V> kind, HandleConsumer<? super V> action);

  /**
   * Returns the id stored in every handle this table mints.
   *
   * @return 0 to {@value HandleLayout#MAX_TABLE_ID}
   */
  int tableId();

  /**
   * Returns the most slots the table will ever hold.
   *
   * @return capacity in slots
   */
  int capacity();

  /**
   * Configures a {@link HandleTable}. Defaults: leaf size 1024, fan-out 1024 (one level of index tables serves 1M handles), capacity
   * {@value HandleLayout#MAX_INDEX} slots, a table id drawn from a process-wide counter.
   *
   * @param <T> the type of the objects held
   */
  final class Builder<T> {
    private static final AtomicInteger NEXT_TABLE_ID = new AtomicInteger(1);

    private int leafSize = 1024;
    private int fanOut = 1024;
    private int capacity = HandleLayout.MAX_INDEX;
    private int tableId = -1;

    Builder() {}

    /**
     * Sets the number of slots in each leaf table, which is also the size of the first table.
     *
     * @param leafSize a power of two from 2 to 65536
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder<T> leafSize(int leafSize) {
      this.leafSize = TableGeometry.checkPowerOfTwo("leafSize", leafSize, 2, 1 << 16);
      return this;
    }

    /**
     * Sets the number of entries in each index table above the leaves.
     *
     * @param fanOut a power of two from 2 to 4096
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder<T> fanOut(int fanOut) {
      this.fanOut = TableGeometry.checkPowerOfTwo("fanOut", fanOut, 2, 1 << 12);
      return this;
    }

    /**
     * Caps the number of slots; inserting beyond it throws {@link HandleTableFullException}.
     *
     * @param capacity 1 to {@value HandleLayout#MAX_INDEX}
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder<T> capacity(int capacity) {
      if (capacity < 1 || capacity > HandleLayout.MAX_INDEX) {
        throw new IllegalArgumentException(
            "capacity " + capacity + " is outside 1.." + HandleLayout.MAX_INDEX);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the id stored in this table's handles. Handles carrying another id are refused
     * outright; give tables that must never accept each other's handles distinct ids. Without
     * this call, ids come round-robin from a process-wide counter, so tables created fewer than
     * {@value HandleLayout#MAX_TABLE_ID} apart differ.
     *
     * @param tableId 0 to {@value HandleLayout#MAX_TABLE_ID}
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder<T> tableId(int tableId) {
      if (tableId < 0 || tableId > HandleLayout.MAX_TABLE_ID) {
        throw new IllegalArgumentException(
            "table id " + tableId + " is outside 0.." + HandleLayout.MAX_TABLE_ID);
      }
      this.tableId = tableId;
      return this;
    }

    /**
     * Builds an empty table of one leaf.
     *
     * @return the table
     */
    public HandleTable<T> build() {
      int id = tableId >= 0 ? tableId : NEXT_TABLE_ID.getAndIncrement() & HandleLayout.MAX_TABLE_ID;
      return new LockFreeHandleTable<>(TableGeometry.ofSizes(leafSize, fanOut, capacity), id);
    }
  }
}

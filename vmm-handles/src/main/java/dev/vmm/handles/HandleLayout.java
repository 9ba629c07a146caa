package dev.vmm.handles;

/**
 * The bit layout of a handle, and functions that take one apart.
 *
 * <pre>
 *  63   62 ........ 56   55 ........ 44   43 ........ 28   27 ........ 0
 * +---+----------------+----------------+----------------+----------------+
 * | 0 |  kind (7 bits) | table (12 bits)| generation (16)|  index (28)    |
 * +---+----------------+----------------+----------------+----------------+
 * </pre>
 *
 * <ul>
 *   <li><b>bit 63</b> is always 0: a negative {@code long} is never a handle.
 *   <li><b>kind</b> is the tag of the {@link HandleKind} the handle was minted for; 0 is the
 *       untyped kind of {@link HandleTable#insert(Object)}.
 *   <li><b>table</b> is the minting table's {@linkplain HandleTable#tableId() id}: a handle from
 *       another table is refused outright when the ids differ (see {@link HandleTable.Builder#tableId}).
 *   <li><b>generation</b> counts the lives of the slot, from 1 to {@value #MAX_GENERATION}; it
 *       advances on every remove, so a stale handle never matches the slot's next occupant. 0 is
 *       never issued, which is why 0 is never a valid handle. After its
 *       {@value #MAX_GENERATION}th life a slot is retired for good instead of wrapping to a
 *       generation it has used before.
 *   <li><b>index</b> is the slot's position; its digits are the path through the table's levels
 *       (low {@code log2(leafSize)} bits within a leaf, then {@code log2(fanOut)} bits per level).
 *       Index {@value #MAX_INDEX} is reserved, so a table holds at most {@value #MAX_INDEX} slots.
 * </ul>
 */
public final class HandleLayout {
  /** Width of the index field. */
  public static final int INDEX_BITS = 28;
  /** Width of the generation field. */
  public static final int GENERATION_BITS = 16;
  /** Width of the table-id field. */
  public static final int TABLE_BITS = 12;
  /** Width of the kind field. */
  public static final int KIND_BITS = 7;

  /** Lowest bit of the generation field. */
  public static final int GENERATION_SHIFT = INDEX_BITS;
  /** Lowest bit of the table-id field. */
  public static final int TABLE_SHIFT = GENERATION_SHIFT + GENERATION_BITS;
  /** Lowest bit of the kind field. */
  public static final int KIND_SHIFT = TABLE_SHIFT + TABLE_BITS;

  /** Largest index value; reserved, so it never appears in an issued handle. */
  public static final int MAX_INDEX = (1 << INDEX_BITS) - 1;
  /** Largest generation; a slot whose handle reaches it is retired when that handle is removed. */
  public static final int MAX_GENERATION = (1 << GENERATION_BITS) - 1;
  /** Largest table id. */
  public static final int MAX_TABLE_ID = (1 << TABLE_BITS) - 1;
  /** Largest kind tag. */
  public static final int MAX_KIND = (1 << KIND_BITS) - 1;

  private HandleLayout() {}

  /**
   * Builds a handle from its fields. Tables mint handles themselves; this is for tests and tools.
   *
   * @param kind kind tag, 0 to {@value #MAX_KIND}
   * @param table table id, 0 to {@value #MAX_TABLE_ID}
   * @param generation generation, 0 to {@value #MAX_GENERATION}
   * @param index slot index, 0 to {@value #MAX_INDEX}
   * @return the handle value
   * @throws IllegalArgumentException if a field does not fit its width
   */
  public static long compose(int kind, int table, int generation, int index) {
    checkField("kind", kind, MAX_KIND);
    checkField("table", table, MAX_TABLE_ID);
    checkField("generation", generation, MAX_GENERATION);
    checkField("index", index, MAX_INDEX);
    return (long) kind << KIND_SHIFT
        | (long) table << TABLE_SHIFT
        | (long) generation << GENERATION_SHIFT
        | index;
  }

  /**
   * Returns the index field.
   *
   * @param handle any value
   * @return bits 27..0
   */
  public static int index(long handle) {
    return (int) handle & MAX_INDEX;
  }

  /**
   * Returns the generation field.
   *
   * @param handle any value
   * @return bits 43..28
   */
  public static int generation(long handle) {
    return (int) (handle >>> GENERATION_SHIFT) & MAX_GENERATION;
  }

  /**
   * Returns the table-id field.
   *
   * @param handle any value
   * @return bits 55..44
   */
  public static int tableId(long handle) {
    return (int) (handle >>> TABLE_SHIFT) & MAX_TABLE_ID;
  }

  /**
   * Returns the kind field.
   *
   * @param handle any value
   * @return bits 62..56
   */
  public static int kind(long handle) {
    return (int) (handle >>> KIND_SHIFT) & MAX_KIND;
  }

  /**
   * Describes a handle's fields for messages and logs.
   *
   * @param handle any value
   * @return for example {@code 0x0100100000100007(kind=1, table=1, generation=1, index=7)}
   */
  public static String describe(long handle) {
    return String.format(
        "0x%016x(kind=%d, table=%d, generation=%d, index=%d)",
        handle, kind(handle), tableId(handle), generation(handle), index(handle));
  }

  private static void checkField(String name, int value, int max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(name + " " + value + " is outside 0.." + max);
    }
  }
}

package dev.vmm.handles.internal;

import dev.vmm.handles.HandleLayout;

/**
 * The shape of a handle table's hierarchy: how an index splits into a slot within a leaf and one
 * digit per level above it, and how many slots each height can address.
 *
 * @param leafBits log2 of the slots per leaf
 * @param fanBits log2 of the children per index table
 * @param capacity the most slots the table may hand out
 */
public record TableGeometry(int leafBits, int fanBits, int capacity) {

  /**
   * Derives the geometry from sizes that {@link #checkPowerOfTwo} has accepted.
   *
   * @param leafSize slots per leaf, a power of two
   * @param fanOut children per index table, a power of two
   * @param capacity the most slots the table may hand out
   * @return the geometry
   */
  public static TableGeometry ofSizes(int leafSize, int fanOut, int capacity) {
    return new TableGeometry(
        Integer.numberOfTrailingZeros(leafSize), Integer.numberOfTrailingZeros(fanOut), capacity);
  }

  /**
   * Checks a size argument.
   *
   * @param name the argument's name, for the message
   * @param value the value given
   * @param min smallest allowed
   * @param max largest allowed
   * @return the value
   * @throws IllegalArgumentException naming the argument and value when it is not a power of two
   *     in range
   */
  public static int checkPowerOfTwo(String name, int value, int min, int max) {
    if (value < min || value > max || Integer.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          name + " " + value + " must be a power of two from " + min + " to " + max);
    }
    return value;
  }

  int leafSize() {
    return 1 << leafBits;
  }

  int leafMask() {
    return (1 << leafBits) - 1;
  }

  int fanOut() {
    return 1 << fanBits;
  }

  int fanMask() {
    return (1 << fanBits) - 1;
  }

  /** Slots addressable by a hierarchy whose top is {@code height} levels above the leaves. */
  int reach(int height) {
    long bits = leafBits + (long) height * fanBits;
    return bits >= HandleLayout.INDEX_BITS ? HandleLayout.MAX_INDEX + 1 : 1 << bits;
  }

  /** Shift of the digit that selects a child in an index table at {@code height} (1 = above leaves). */
  int digitShift(int height) {
    return leafBits + (height - 1) * fanBits;
  }
}

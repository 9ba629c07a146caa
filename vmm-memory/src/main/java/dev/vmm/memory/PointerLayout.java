package dev.vmm.memory;

/**
 * How a 64-bit guest pointer carries an allocation's identifier (its <em>tag</em>) above the
 * address.
 *
 * <pre>
 *  63 .. 64-T     63-T .. 0
 *   tag (T bits) | address (64-T bits)
 * </pre>
 *
 * <p>The default, {@link #DEFAULT}, has {@code T = 16}: the tag in bits 63..48 and a 48-bit address
 * below, the layout of RISC-V pointer masking with {@code PMLEN=16} (and of ARM's top-byte-ignore
 * widened to 16 bits). A narrower tag ({@link #withTagBits(int)}, 4 to 16 bits) gives more address
 * bits and a higher chance that a stale or wild pointer's tag matches by accident; 4 bits is what
 * ARM MTE offers and 8 what HWASan uses, useful to measure what the extra bits buy.
 *
 * <p>Tag 0 means <em>untagged</em>: stack, globals, code, memory-mapped data. Untagged accesses are
 * checked against the region map only, and may not touch the heap; the allocator never issues tag 0.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PointerLayout {
  /** The default layout: a 16-bit tag in bits 63..48, a 48-bit address. */
  public static final PointerLayout DEFAULT = new PointerLayout(16);

  /** The narrowest tag accepted. */
  public static final int MIN_TAG_BITS = 4;

  /** The widest tag accepted. */
  public static final int MAX_TAG_BITS = 16;

  private final int tagBits;
  private final int addressBits;
  private final long addressMask;

  private PointerLayout(int tagBits) {
    this.tagBits = tagBits;
    this.addressBits = Long.SIZE - tagBits;
    this.addressMask = (1L << addressBits) - 1;
  }

  /**
   * Returns the layout with a tag of the given width in the top bits.
   *
   * @param tagBits {@value #MIN_TAG_BITS} to {@value #MAX_TAG_BITS}
   * @return the layout
   * @throws IllegalArgumentException if {@code tagBits} is out of range
   */
  public static PointerLayout withTagBits(int tagBits) {
    if (tagBits < MIN_TAG_BITS || tagBits > MAX_TAG_BITS) {
      throw new IllegalArgumentException(
          "tagBits must be " + MIN_TAG_BITS + " to " + MAX_TAG_BITS + ": " + tagBits);
    }
    return tagBits == DEFAULT.tagBits ? DEFAULT : new PointerLayout(tagBits);
  }

  /**
   * Returns the width of the tag field.
   *
   * @return bits in the tag
   */
  public int tagBits() {
    return tagBits;
  }

  /**
   * Returns the width of the address field, which bounds the guest's memory size.
   *
   * @return {@code 64 - tagBits()}
   */
  public int addressBits() {
    return addressBits;
  }

  /**
   * Returns the largest tag value.
   *
   * @return {@code 2^tagBits - 1}
   */
  public int maxTag() {
    return (1 << tagBits) - 1;
  }

  /**
   * Returns the mask that keeps a pointer's address bits.
   *
   * @return {@code 2^addressBits - 1}
   */
  public long addressMask() {
    return addressMask;
  }

  /**
   * Returns a pointer's tag.
   *
   * @param pointer any value
   * @return its tag field, 0 for untagged
   */
  public int tag(long pointer) {
    return (int) (pointer >>> addressBits);
  }

  /**
   * Returns a pointer's address.
   *
   * @param pointer any value
   * @return its address field
   */
  public long address(long pointer) {
    return pointer & addressMask;
  }

  /**
   * Builds a pointer from a tag and an address.
   *
   * @param tag 0 to {@link #maxTag()}
   * @param address 0 to {@link #addressMask()}
   * @return the pointer
   * @throws IllegalArgumentException if either field does not fit
   */
  public long pointer(int tag, long address) {
    if (tag < 0 || tag > maxTag()) {
      throw new IllegalArgumentException("tag must be 0 to " + maxTag() + ": " + tag);
    }
    if ((address & ~addressMask) != 0) {
      throw new IllegalArgumentException(
          "address does not fit in " + addressBits + " bits: 0x" + Long.toHexString(address));
    }
    return ((long) tag << addressBits) | address;
  }

  /**
   * Describes a pointer as {@code 0xADDRESS[tag 0xTAG]}.
   *
   * @param pointer any value
   * @return a short human-readable form
   */
  public String describe(long pointer) {
    return "0x" + Long.toHexString(address(pointer)) + "[tag 0x" + Integer.toHexString(tag(pointer))
        + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PointerLayout that && that.tagBits == tagBits;
  }

  @Override
  public int hashCode() {
    return tagBits;
  }

  @Override
  public String toString() {
    return "PointerLayout[tag bits " + (Long.SIZE - 1) + ".." + addressBits + ", address bits "
        + (addressBits - 1) + "..0]";
  }
}

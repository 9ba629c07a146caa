package dev.vmm.memory;

/**
 * The kinds of memory error the checks report. {@link #asanName()} gives the name AddressSanitizer
 * prints for the same error, so reports read familiarly.
 */
public enum ViolationKind {
  /**
   * An access through the pointer of an allocation that has been freed and is still in the
   * quarantine.
   */
  HEAP_USE_AFTER_FREE("heap-use-after-free"),
  /** An access that runs past the end of the allocation its pointer belongs to. */
  HEAP_BUFFER_OVERFLOW("heap-buffer-overflow"),
  /** An access that starts before the allocation its pointer belongs to. */
  HEAP_BUFFER_UNDERFLOW("heap-buffer-overflow"),
  /**
   * The pointer's tag matches no allocation near the address: a wild or forged pointer, an
   * untagged pointer into the heap, a tagged pointer outside it, or a use after free whose memory
   * has left the quarantine and been reused.
   */
  TAG_MISMATCH("tag-mismatch"),
  /** An access to an address no region maps (including beyond the end of memory). */
  UNMAPPED("unknown-crash"),
  /** A store to a read-only region. */
  READ_ONLY_WRITE("write-to-read-only-memory"),
  /** A free (or realloc) of an allocation that is already freed and still in the quarantine. */
  DOUBLE_FREE("attempting double-free"),
  /**
   * A free (or realloc) of a pointer that is not the start of a live allocation: inside one, never
   * allocated, untagged, out of the heap, or with a tag that does not match.
   */
  INVALID_FREE("attempting free on address which was not malloc()-ed");

  private final String asanName;

  ViolationKind(String asanName) {
    this.asanName = asanName;
  }

  /**
   * Returns the name AddressSanitizer reports for this kind of error.
   *
   * @return for example {@code "heap-use-after-free"}
   */
  public String asanName() {
    return asanName;
  }
}

package dev.vmm.memory;

/** What the guest was doing when a violation was found. */
public enum AccessKind {
  /** A load or a copy out of guest memory. */
  READ,
  /** A store or a copy into guest memory. */
  WRITE,
  /** A {@code free}. */
  FREE,
  /** A {@code realloc} of an existing pointer. */
  REALLOC
}

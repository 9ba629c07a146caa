package dev.vmm.intercept.internal;

/** The guest was dead, restarting or closed when a chunk needed it. */
public final class GuestUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Says why the guest could not take the chunk. */
  public GuestUnavailable(String message) {
    super(message, null, false, false);
  }
}

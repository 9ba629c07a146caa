package dev.vmm.intercept.internal;

/** A guest module threw or returned nothing; carried back to the host as this chunk's failure. */
public final class ModuleFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Describes the failure in words: the module and what it threw. */
  public ModuleFailure(String message) {
    super(message, null, false, false);
  }
}

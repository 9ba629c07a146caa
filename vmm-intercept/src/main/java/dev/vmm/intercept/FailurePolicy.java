package dev.vmm.intercept;

/** What happens to a chunk when the guest cannot decide it: too slow, a module threw, or dead. */
public enum FailurePolicy {
  /** The chunk reaches the host's handlers unchanged; availability over inspection. */
  FAIL_OPEN,
  /** The flow is closed; nothing uninspected reaches the host. */
  FAIL_CLOSED
}

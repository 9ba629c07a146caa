package dev.vmm.intercept;

/** How one chunk (or one flow opening) ended, as counted by {@link InterceptMetrics}. */
public enum Outcome {
  /** The chain passed it unchanged. */
  PASS,
  /** The chain replaced it. */
  REPLACE,
  /** The chain dropped it. */
  DROP,
  /** The chain closed the flow. */
  CLOSE,
  /** The chain consumed it and replied to the peer. */
  REPLY,
  /** A module threw; the failure policy decided. */
  MODULE_ERROR,
  /** The guest missed the deadline; the failure policy decided. */
  TIMEOUT,
  /** The guest was dead or restarting; the failure policy decided. */
  GUEST_UNAVAILABLE
}

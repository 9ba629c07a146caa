package dev.vmm.update;

/**
 * The VMM's own check of a newly committed version, run after each service's
 * {@link VmmService#checkHealth()}; throwing fails the check and rolls the update back.
 */
@FunctionalInterface
public interface HealthCheck {
  /** Accepts every version whose services loaded and checked themselves healthy. */
  HealthCheck SERVICES_ONLY = services -> {};

  /**
   * Checks a new version.
   *
   * @param services the new version's services, not yet visible to callers
   * @throws Exception if the version is not healthy; the message becomes the rollback reason
   */
  void check(VmmServices services) throws Exception;
}

package dev.vmm.update;

import java.util.Optional;
import java.util.Set;

/**
 * The services of one VMM version, as loaded. A snapshot: after a commit, {@link UpdateStore#services()}
 * returns the new version's snapshot, while a caller holding this one (or a service from it) keeps
 * running the version it has.
 */
public interface VmmServices {
  /**
   * The version these services belong to.
   *
   * @return the version
   */
  UpdateVersion version();

  /**
   * The service with this name.
   *
   * @param name the service's {@link VmmService#name()}
   * @return the service, or empty if this version has none by that name
   */
  Optional<VmmService> find(String name);

  /**
   * Every service's name.
   *
   * @return the names
   */
  Set<String> names();
}

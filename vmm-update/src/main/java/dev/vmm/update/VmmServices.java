package dev.vmm.update;

import dev.vmm.core.Hypercall;
import java.util.Optional;
import java.util.Set;

/**
 * The services of one VMM version, as loaded: its {@link VmmService}s by name and its hypercalls of
 * the updatable block ({@link UpdateAbi#UPDATABLE_BASE} .. {@link UpdateAbi#UPDATABLE_END}) by
 * number. A snapshot: after a commit, {@link UpdateStore#services()} returns the new version's
 * snapshot, while a caller holding this one (or a service or call from it) keeps running the
 * version it has.
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

  /**
   * The hypercall this version serves at a number of the updatable block. Never null: a number
   * this version does not serve (or one outside the block) gives a call that returns
   * {@code -ENOSYS}, so a forwarder calls whatever it gets. An array load: no lock, no allocation.
   *
   * @param number the hypercall number
   * @return the call
   */
  Hypercall hypercall(long number);

  /**
   * The numbers of the updatable block this version serves.
   *
   * @return the numbers, ascending
   */
  Set<Long> hypercallNumbers();
}

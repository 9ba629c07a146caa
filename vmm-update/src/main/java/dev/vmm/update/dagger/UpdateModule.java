package dev.vmm.update.dagger;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.update.HealthCheck;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateHypercalls;
import dev.vmm.update.UpdateListener;
import dev.vmm.update.UpdateStore;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The VMM side of updating, for a Dagger component beside {@link VmmModule}: the
 * {@link UpdateStore} and its three hypercall services ({@link UpdateHypercalls#transfer},
 * {@link UpdateHypercalls#activeServices} and {@link UpdateHypercalls#updatable}) in the VMM's set
 * of services, so the component's
 * {@link Vmm} answers {@link UpdateAbi}'s calls from its store.
 *
 * <p>Needs {@link UpdateSettings} bound with {@code @BindsInstance} and a {@link Vmm} from
 * {@link VmmModule}; a component may also bind a {@link HealthCheck} and an
 * {@link UpdateListener} (otherwise {@link HealthCheck#SERVICES_ONLY} and
 * {@link UpdateListener#NONE}). The store is a {@link Singleton}: one per component, opened on
 * first use; the component's owner closes it after the VMM.
 */
@Module
public interface UpdateModule {
  /**
   * Lets a component bind its own health check of a new version.
   *
   * @return nothing; Dagger reads the declaration only
   */
  @BindsOptionalOf
  HealthCheck healthCheck();

  /**
   * Lets a component bind its own progress listener.
   *
   * @return nothing; Dagger reads the declaration only
   */
  @BindsOptionalOf
  UpdateListener listener();

  /**
   * Opens the store, recovering from whatever a crashed process left.
   *
   * @param settings where the store is, whom it trusts, and its clock
   * @param healthCheck the component's health check, if it binds one
   * @param listener the component's listener, if it binds one
   * @return the open store
   * @throws UncheckedIOException if the store cannot be opened; its cause is
   *     {@link UpdateStore.Builder#open()}'s exception
   */
  @Provides
  @Singleton
  static UpdateStore store(UpdateSettings settings, Optional<HealthCheck> healthCheck,
      Optional<UpdateListener> listener) {
    try {
      return UpdateStore.builder(settings.storeDirectory()).trustRoot(settings.trustRoot())
          .factoryVersion(settings.factoryVersion()).clock(settings.clock())
          .healthCheck(healthCheck.orElse(HealthCheck.SERVICES_ONLY))
          .listener(listener.orElse(UpdateListener.NONE)).open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the update store at "
          + settings.storeDirectory() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The transfer service (BEGIN, STATUS, COMPLETE, ABORT, COMMIT), opening its channels on the
   * component's VMM.
   *
   * @param store the component's store
   * @param vmm the component's VMM, asked on each BEGIN; a provider because the VMM is built
   *     from this service
   * @return the service
   */
  @Provides
  @IntoSet
  static HypercallService transfer(UpdateStore store, Provider<Vmm> vmm) {
    return UpdateHypercalls.transfer(store, vmm::get);
  }

  /**
   * SERVICE_CALL: the active version's services.
   *
   * @param store the component's store
   * @return the service
   */
  @Provides
  @IntoSet
  static HypercallService activeServices(UpdateStore store) {
    return UpdateHypercalls.activeServices(store);
  }

  /**
   * The updatable block: each number forwarded to the active version's hypercall services.
   *
   * @param store the component's store
   * @return the service
   */
  @Provides
  @IntoSet
  static HypercallService updatable(UpdateStore store) {
    return UpdateHypercalls.updatable(store);
  }
}

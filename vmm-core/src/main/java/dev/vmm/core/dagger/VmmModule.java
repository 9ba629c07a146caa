package dev.vmm.core.dagger;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Vmm} for a host's own Dagger component: the built-in hypercall services plus every
 * {@link HypercallService} the component's other modules bind {@code @IntoSet} (vmm-update's
 * {@code UpdateModule} does), guests placed where the component says.
 *
 * <p>Binds {@link Vmm} and its {@link HypercallDispatcher}; the component may bind a
 * {@link GuestPlacement} (default: {@link GuestPlacement#inProcess()}) and needs nothing else. The
 * VMM is a {@link Singleton}: one per component, built on first use; whoever owns the component
 * closes it. Inside, the VMM is wired by vmm-core's own component, generated at compile time like
 * the host's.
 */
@Module
public interface VmmModule {
  /**
   * Declares the set other modules add services to; it may stay empty.
   *
   * @return nothing; Dagger reads the declaration only
   */
  @Multibinds
  Set<HypercallService> services();

  /**
   * Lets a component choose where guests run.
   *
   * @return nothing; Dagger reads the declaration only
   */
  @BindsOptionalOf
  GuestPlacement placement();

  /**
   * Builds the VMM.
   *
   * @param services the services the component's modules bound, beside the built-in ones
   * @param placement where guests run, if the component binds it
   * @return the VMM
   * @throws IllegalArgumentException if two services claim one hypercall number
   */
  @Provides
  @Singleton
  static Vmm vmm(Set<HypercallService> services, Optional<GuestPlacement> placement) {
    Vmm.Builder builder = Vmm.builder();
    services.forEach(builder::service);
    placement.ifPresent(builder::placement);
    return builder.build();
  }

  /**
   * The VMM's dispatcher, for whoever dispatches on a guest's behalf.
   *
   * @param vmm the component's VMM
   * @return its dispatcher
   */
  @Provides
  static HypercallDispatcher hypercalls(Vmm vmm) {
    return vmm.hypercalls();
  }
}

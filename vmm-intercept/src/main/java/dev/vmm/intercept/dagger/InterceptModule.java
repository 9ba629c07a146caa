package dev.vmm.intercept.dagger;

import dagger.Module;
import dagger.Provides;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.intercept.Interceptor;
import jakarta.inject.Singleton;

/**
 * Interception for a Dagger component beside {@link VmmModule}: an {@link Interceptor} whose
 * in-process guest runs in the component's {@link Vmm}, so the chain's guest is one of that VMM's
 * guests, listed, paused and destroyed like any other.
 *
 * <p>Needs {@link InterceptSettings} bound with {@code @BindsInstance} and a {@link Vmm} from
 * {@link VmmModule}. The interceptor is a {@link Singleton}: one per component, built (and its
 * guest started) on first use; whoever owns it closes it before the VMM, directly or by closing
 * the {@link dev.vmm.intercept.InterceptingProxy} it was handed to.
 */
@Module
public interface InterceptModule {
  /**
   * Builds the interceptor and starts its guest.
   *
   * @param settings the chain and the policies
   * @param vmm the component's VMM, which hosts an in-process guest; a child-JVM placement does
   *     not use it
   * @return the running interceptor
   * @throws IllegalArgumentException for an unknown module or bad module options
   * @throws IllegalStateException if a child JVM could not be started
   */
  @Provides
  @Singleton
  static Interceptor interceptor(InterceptSettings settings, Vmm vmm) {
    return Interceptor.builder().listener(settings.listener()).modules(settings.chain())
        .placement(settings.placement()).vmm(vmm).deadline(settings.deadline())
        .failurePolicy(settings.failurePolicy()).build();
  }
}

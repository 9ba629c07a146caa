package dev.vmm.cli.internal;

import dagger.BindsInstance;
import dagger.Subcomponent;
import dev.vmm.core.Vmm;
import dev.vmm.core.dagger.VmmModule;
import dev.vmm.intercept.InterceptingProxy;
import dev.vmm.intercept.dagger.InterceptModule;
import dev.vmm.intercept.dagger.InterceptSettings;
import jakarta.inject.Singleton;

/**
 * {@code vmm serve}'s graph: vmm-core's modules, vmm-intercept's, and the proxy around them; the
 * chain's guest is a guest of this graph's VMM.
 */
@Singleton
@Subcomponent(modules = {VmmModule.class, InterceptModule.class,
    ServeModule.class})
public interface ServeComponent {
  /**
   * Returns the VMM that hosts the chain's guest, built on first use; close it after the proxy.
   *
   * @return the one VMM of this graph
   */
  Vmm vmm();

  /**
   * Returns the proxy, started on first use with the interceptor (and its guest).
   *
   * @return the one proxy of this graph
   * @throws IllegalArgumentException for an unknown module or bad module options
   * @throws IllegalStateException if the listen address cannot be bound or a child JVM guest does
   *     not start
   */
  InterceptingProxy proxy();

  /** Makes the graph for one listener. */
  @Subcomponent.Factory
  interface Factory {
    /**
     * Creates the graph.
     *
     * @param interception the chain, placement and policies
     * @param addresses where to listen and forward
     * @return the graph
     */
    ServeComponent create(@BindsInstance InterceptSettings interception,
        @BindsInstance ProxyAddresses addresses);
  }
}

package dev.vmm.cli.internal;

import dagger.Module;
import dagger.Provides;
import dev.vmm.intercept.InterceptingProxy;
import dev.vmm.intercept.Interceptor;
import jakarta.inject.Singleton;

/** The TCP proxy of {@code vmm serve}, around the graph's interceptor. */
@Module
interface ServeModule {
  /**
   * Binds the listen address and starts serving; the proxy owns the interceptor from here on.
   *
   * @param addresses where to listen and forward
   * @param interceptor the graph's interceptor, its guest in the graph's VMM
   * @return the running proxy
   * @throws IllegalStateException if the listen address cannot be bound
   */
  @Provides
  @Singleton
  static InterceptingProxy proxy(ProxyAddresses addresses, Interceptor interceptor) {
    return InterceptingProxy.builder().listen(addresses.listen()).backend(addresses.backend())
        .interceptor(interceptor).start();
  }
}

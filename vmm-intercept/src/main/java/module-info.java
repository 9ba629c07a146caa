/**
 * Host data intercepted by guest modules.
 *
 * <p>Start at {@link dev.vmm.intercept.Interceptor} (a Netty handler for the head of a host
 * pipeline) or {@link dev.vmm.intercept.InterceptingProxy} (a ready TCP proxy). Plug-in authors
 * implement {@link dev.vmm.intercept.GuestModule} and a
 * {@link dev.vmm.intercept.GuestModuleProvider}, provided as vmm-core's
 * {@code dev.vmm.core.GuestModuleProvider}, which the guest kernel hosts. A Dagger component gets an interceptor on its
 * own VMM from {@link dev.vmm.intercept.dagger.InterceptModule}.
 */
// InterceptModule's API is Dagger's annotations, so its users read dagger and jakarta.inject.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.vmm.intercept {
  requires transitive dev.vmm.core;
  requires transitive dagger;
  requires transitive jakarta.inject;
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.codec;
  requires HdrHistogram;

  exports dev.vmm.intercept;
  exports dev.vmm.intercept.dagger;

  uses dev.vmm.core.GuestModuleProvider;

  provides dev.vmm.core.GuestExtension with
      dev.vmm.intercept.internal.ChainHostExtension;
  provides dev.vmm.core.GuestModuleProvider with
      dev.vmm.intercept.internal.modules.PassModuleProvider,
      dev.vmm.intercept.internal.modules.FirewallModuleProvider,
      dev.vmm.intercept.internal.modules.PatternMatchModuleProvider,
      dev.vmm.intercept.internal.modules.RewriteModuleProvider;
}

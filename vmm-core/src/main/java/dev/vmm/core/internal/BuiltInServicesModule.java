package dev.vmm.core.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.vmm.core.HypercallService;

/** The built-in hypercall services: guest info, console, channels, shared regions. */
@Module
public interface BuiltInServicesModule {
  @Binds
  @IntoSet
  HypercallService info(InfoService service);

  @Binds
  @IntoSet
  HypercallService console(ConsoleService service);

  @Binds
  @IntoSet
  HypercallService channels(ChannelService service);

  @Binds
  @IntoSet
  HypercallService regions(RegionService service);
}

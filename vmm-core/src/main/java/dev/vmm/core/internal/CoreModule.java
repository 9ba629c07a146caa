package dev.vmm.core.internal;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.vmm.core.GuestObjects;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.handles.HandleTable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The VMM, its dispatcher, its handle table, its clock and its callback executor. Needs a {@link VmmSettings} in the graph and any
 * number of {@link HypercallService}s bound {@code @IntoSet} (see {@link BuiltInServicesModule}).
 */
@Module
public interface CoreModule {
  /** The table id of the VMM's objects; handles of other tables never resolve here. */
  int OBJECT_TABLE_ID = 0xC0;
  /** Names the executor that completes channels' asynchronous waits. */
  String CALLBACKS = "vmm.callbacks";

  @Binds
  Vmm vmm(VmmImpl vmm);

  @Binds
  HypercallDispatcher dispatcher(Dispatcher dispatcher);

  @Binds
  GuestObjects objects(ObjectTable table);

  /** One lock-free table for every VMM object; kinds keep them apart. */
  @Provides
  @Singleton
  static HandleTable<Object> objectTable() {
    return HandleTable.builder().tableId(OBJECT_TABLE_ID).build();
  }

  @Provides
  static GuestPlacement placement(VmmSettings settings) {
    return settings.placement();
  }

  /** The services a host adds through its settings, beside those bound into the graph. */
  @Provides
  @ElementsIntoSet
  static Set<HypercallService> hostServices(VmmSettings settings) {
    return new LinkedHashSet<>(settings.services());
  }

  @Provides
  @Singleton
  static PluginCatalog plugins(VmmSettings settings) {
    return PluginCatalog.discover(settings.pluginLayer(), settings.pluginLoader());
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Channel waiters complete here: each on a virtual thread of its own, so never on a guest's
   * hart thread, never queued behind host tasks that block a shared pool, and no pool to shut
   * down.
   */
  @Provides
  @Named(CALLBACKS)
  static Executor callbacks() {
    return Thread.ofVirtual().name("vmm-callback")::start;
  }
}

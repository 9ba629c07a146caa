package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestInfo;
import dev.vmm.core.GuestObjects;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.GuestState;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.IllegalGuestStateException;
import dev.vmm.core.GuestTransition;
import dev.vmm.core.Vmm;
import dev.vmm.core.VmmKinds;
import dev.vmm.handles.HandleTable;
import dev.vmm.memory.GuestMemory;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The VMM: guests in the handle table, lifecycle calls forwarded to each guest's own lock. */
@Singleton
final class VmmImpl implements Vmm {
  private final HandleTable<Object> table;
  private final ObjectTable objects;
  private final HypercallDispatcher dispatcher;
  private final GuestPlacement placement;
  private final VmmParts parts;
  private volatile boolean closed;

  @Inject
  VmmImpl(HandleTable<Object> table, ObjectTable objects, HypercallDispatcher dispatcher,
      GuestPlacement placement, PluginCatalog catalog, Clock clock,
      @Named(CoreModule.CALLBACKS) Executor callbacks) {
    this.table = table;
    this.objects = objects;
    this.dispatcher = dispatcher;
    this.placement = placement;
    this.parts = new VmmParts(placement, objects, catalog, dispatcher, clock, callbacks);
  }

  @Override
  public Guest create(GuestConfig config) {
    if (closed) {
      throw new IllegalStateException("the VMM is closed: cannot create guest '"
          + config.name() + "'");
    }
    ProgramLauncher launcher = ProgramLauncher.forProgram(config);
    GuestMemory built = launcher.memory(config);
    GuestImpl guest;
    try {
      guest = new GuestImpl(config, built, launcher, parts);
    } catch (RuntimeException e) {
      built.close();
      throw e;
    }
    guest.bind(table.insert(VmmKinds.GUEST, guest));
    return guest;
  }

  @Override
  public void start(Guest guest) {
    own(guest, GuestTransition.START).start();
  }

  @Override
  public void pause(Guest guest) {
    own(guest, GuestTransition.PAUSE).pause();
  }

  @Override
  public void resume(Guest guest) {
    own(guest, GuestTransition.RESUME).resume();
  }

  @Override
  public void stop(Guest guest) {
    own(guest, GuestTransition.STOP).stop();
  }

  @Override
  public void destroy(Guest guest) {
    GuestImpl impl = own(guest, GuestTransition.DESTROY);
    impl.destroy();
    table.remove(VmmKinds.GUEST, impl.id());
  }

  @Override
  public Optional<Guest> guest(long id) {
    return Optional.ofNullable(table.resolve(VmmKinds.GUEST, id));
  }

  @Override
  public List<GuestInfo> guests() {
    List<GuestInfo> guests = new ArrayList<>();
    table.forEach(VmmKinds.GUEST, (handle, guest) -> guests.add(((GuestImpl) guest).info()));
    return guests;
  }

  @Override
  public HostChannel openChannel(Guest guest, String name, int capacity) {
    GuestImpl impl = own(guest, null);
    return impl.channels().open(name, capacity);
  }

  @Override
  public HypercallDispatcher hypercalls() {
    return dispatcher;
  }

  @Override
  public GuestObjects objects() {
    return objects;
  }

  @Override
  public GuestPlacement placement() {
    return placement;
  }

  @Override
  public void close() {
    closed = true;
    List<Guest> live = new ArrayList<>();
    table.forEach(VmmKinds.GUEST, (handle, guest) -> live.add(guest));
    for (Guest guest : live) {
      try {
        destroy(guest);
      } catch (IllegalGuestStateException e) {
        // Another thread destroyed it meanwhile: what close wants anyway.
      }
    }
  }

  /** A guest of this VMM, or a clear refusal; a destroyed one names its state. */
  private GuestImpl own(Guest guest, GuestTransition transition) {
    if (!(guest instanceof GuestImpl impl) || table.resolve(VmmKinds.GUEST, impl.id()) != impl) {
      if (guest instanceof GuestImpl impl && impl.state() == GuestState.DESTROYED
          && transition != null) {
        throw new IllegalGuestStateException(
            impl.name(), impl.id(), GuestState.DESTROYED, transition);
      }
      throw new IllegalArgumentException("not a live guest of this VMM: " + guest);
    }
    return impl;
  }
}

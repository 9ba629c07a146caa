package dev.vmm.update;

import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.update.internal.host.ActiveServiceCalls;
import dev.vmm.update.internal.host.TransferCalls;
import dev.vmm.update.internal.host.UpdatableCalls;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Connects an {@link UpdateStore} to a {@link Vmm}'s guests: the hypercall services of
 * {@link UpdateAbi}. Register them like any service: with {@link Vmm.Builder#service}, or from
 * Dagger (include {@link dev.vmm.update.dagger.UpdateModule}, which does exactly that).
 * {@snippet :
 * Vmm vmm = UpdateHypercalls.build(Vmm.builder(), store);   // all three services, wired to this VMM
 * }
 */
public final class UpdateHypercalls {
  /** The capacity of each transfer channel's rings, in the guest's heap. */
  public static final int DEFAULT_CHANNEL_CAPACITY = 1 << 20;

  private UpdateHypercalls() {}

  /**
   * The transfer service: BEGIN, STATUS, COMPLETE, ABORT, COMMIT.
   *
   * @param store the VMM's store
   * @param vmm the VMM the service is registered with, asked on each BEGIN (to open the channel)
   * @return the service
   */
  public static HypercallService transfer(UpdateStore store, Supplier<? extends Vmm> vmm) {
    return transfer(store, vmm, DEFAULT_CHANNEL_CAPACITY);
  }

  /**
   * The transfer service with channels of a chosen capacity.
   *
   * @param store the VMM's store
   * @param vmm the VMM the service is registered with
   * @param channelCapacity bytes in each direction of a transfer channel, a power of two from 64
   *     to 2^24, taken twice from the guest's heap
   * @return the service
   */
  public static HypercallService transfer(UpdateStore store, Supplier<? extends Vmm> vmm, int channelCapacity) {
    return new TransferCalls(Objects.requireNonNull(store, "store"), Objects.requireNonNull(vmm, "vmm"),
        channelCapacity);
  }

  /**
   * SERVICE_CALL: the active version's {@link VmmService}s, looked up on every call, so a commit
   * reaches running guests at their next call.
   *
   * @param store the VMM's store
   * @return the service
   */
  public static HypercallService activeServices(UpdateStore store) {
    return new ActiveServiceCalls(Objects.requireNonNull(store, "store"));
  }

  /**
   * The updatable block: a forwarder for every number of {@link UpdateAbi#UPDATABLE_BASE} ..
   * {@link UpdateAbi#UPDATABLE_END} that runs the active version's hypercall of that number, looked
   * up on every call, so a commit (or a rollback) reaches running guests at their next call, new
   * numbers included. A number the active version does not serve returns {@code -ENOSYS}.
   *
   * @param store the VMM's store
   * @return the service
   */
  public static HypercallService updatable(UpdateStore store) {
    return new UpdatableCalls(Objects.requireNonNull(store, "store"));
  }

  /**
   * Builds a VMM with the transfer, service-call and updatable-block services registered and wired
   * to it.
   *
   * @param builder the VMM's builder, with anything else it needs
   * @param store the VMM's store
   * @return the VMM
   */
  public static Vmm build(Vmm.Builder builder, UpdateStore store) {
    AtomicReference<Vmm> built = new AtomicReference<>();
    Vmm vmm = builder.service(transfer(store, built::get)).service(activeServices(store))
        .service(updatable(store)).build();
    built.set(vmm);
    return vmm;
  }
}

package dev.vmm.update.internal.host;

import dev.vmm.core.Hypercall;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.VmmServices;

/**
 * The updatable block: registers a forwarder for every number of {@link UpdateAbi#UPDATABLE_BASE}
 * .. {@link UpdateAbi#UPDATABLE_END} with the VMM's dispatcher, whose table is filled once when the
 * VMM is built. Each forwarder asks the store's active version for the number's call (one volatile
 * read and an array load: no lock, no allocation) and runs it with the caller's own context, so
 * handles and guest pointers are checked as for any hypercall. A call that has started finishes on
 * the version it read, even when a commit or rollback swaps the table meanwhile.
 */
public final class UpdatableCalls implements HypercallService {
  private final UpdateStore store;

  public UpdatableCalls(UpdateStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "update.updatable";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    for (long number = UpdateAbi.UPDATABLE_BASE; number <= UpdateAbi.UPDATABLE_END; number++) {
      long forwarded = number;
      registrar.register(number, "0x" + Long.toHexString(number),
          (context, a0, a1, a2, a3, a4, a5) -> forward(forwarded, context, a0, a1, a2, a3, a4, a5));
    }
  }

  private long forward(long number, HypercallContext context, long a0, long a1, long a2, long a3, long a4, long a5) {
    VmmServices active = store.services();
    Hypercall call = active.hypercall(number);
    try {
      return call.call(context, a0, a1, a2, a3, a4, a5);
    } catch (LinkageError e) {
      // Updated code that no longer links is a service failure like any other: the dispatcher
      // counts and logs a RuntimeException and answers EIO, where an Error would reach the hart.
      throw new IllegalStateException("updatable hypercall 0x" + Long.toHexString(number) + " of VMM "
          + active.version() + " does not link: " + e, e);
    }
  }
}

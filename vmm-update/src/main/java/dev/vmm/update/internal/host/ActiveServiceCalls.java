package dev.vmm.update.internal.host;

import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.VmmService;
import java.nio.charset.StandardCharsets;

/**
 * SERVICE_CALL: reaches the {@link VmmService}s of the store's active version, looked up on every
 * call (one volatile read in the store, no lock), so the call after a commit runs the new code while
 * the dispatcher's own table, filled once when the VMM was built, never changes.
 */
public final class ActiveServiceCalls implements HypercallService {
  private final UpdateStore store;

  public ActiveServiceCalls(UpdateStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "update.services";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(UpdateAbi.SERVICE_CALL, "call", this::call);
  }

  private long call(HypercallContext context, long namePointer, long nameLength, long a0, long a1, long a2,
      long a3) {
    byte[] name = new byte[context.length(nameLength, UpdateAbi.MAX_SERVICE_NAME)];
    context.read(namePointer, name, 0, name.length);
    VmmService service = store.services().find(new String(name, StandardCharsets.UTF_8)).orElse(null);
    return service == null ? HypercallError.NOT_FOUND.code() : service.call(a0, a1, a2, a3);
  }
}

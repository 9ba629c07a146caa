package dev.vmm.bench.core;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.VmmKinds;
import dev.vmm.handles.HandleKind;

/**
 * {@code TALLY(handle, pointer)}: resolves a {@link Tally} the calling guest owns, reads eight
 * bytes of guest memory at {@code pointer} through the checks, adds them to the tally and
 * returns the new total. The smallest call that does what real hypercalls do.
 */
final class TallyService implements HypercallService {
  static final long NUMBER = HypercallAbi.BASE + 0x800;
  static final HandleKind<Tally> KIND = HandleKind.of(VmmKinds.FIRST_FREE_TAG, "tally", Tally.class);

  @Override
  public String name() {
    return "tally";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(NUMBER, "tally", TallyService::tally);
  }

  private static long tally(HypercallContext context, long handle, long pointer, long a2,
      long a3, long a4, long a5) {
    Tally tally = context.resolve(KIND, handle);
    return tally.total += context.memory().load64(pointer);
  }
}

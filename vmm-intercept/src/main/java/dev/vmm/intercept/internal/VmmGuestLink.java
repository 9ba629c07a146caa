package dev.vmm.intercept.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.Vmm;
import dev.vmm.intercept.ModuleSpec;
import java.util.List;

/**
 * A listener's chain in a vmm-core guest of the host JVM: the guest runs
 * {@link ChainHostExtension}, which builds and runs the chain on the guest's side. The link owns
 * the guest (and the VMM, when it made one): closing the link destroys the guest.
 */
public final class VmmGuestLink implements GuestLink {
  private final Vmm vmm;
  private final boolean ownsVmm;
  private final Guest guest;
  private final ChainHostExtension chain;

  private VmmGuestLink(Vmm vmm, boolean ownsVmm, Guest guest, ChainHostExtension chain) {
    this.vmm = vmm;
    this.ownsVmm = ownsVmm;
    this.guest = guest;
    this.chain = chain;
  }

  /**
   * Creates and starts a guest named {@code intercept-<listener>} running the chain.
   *
   * @param given the VMM to place the guest in, or {@code null} for one of the link's own
   * @throws IllegalArgumentException for an unknown module or bad module options
   */
  public static VmmGuestLink start(Vmm given, List<ModuleSpec> specs, String listener,
      int threads) {
    Vmm vmm = given != null ? given : Vmm.builder().build();
    Guest guest = null;
    try {
      // The chain reads chunks through views of the host's buffers, not out of guest memory.
      guest = vmm.create(GuestConfig.builder("intercept-" + listener)
          .memorySize(GuestConfig.MIN_MEMORY).extensions(ChainHostExtension.NAME).build());
      vmm.start(guest);
      ChainHostExtension chain = guest.extensions().stream()
          .filter(ChainHostExtension.class::isInstance).map(ChainHostExtension.class::cast)
          .findFirst().orElseThrow();
      chain.serve(specs, threads, listener);
      return new VmmGuestLink(vmm, given == null, guest, chain);
    } catch (RuntimeException e) {
      if (guest != null) {
        destroy(vmm, guest);
      }
      if (given == null) {
        vmm.close();
      }
      throw e;
    }
  }

  /** The guest the chain runs in. */
  public Guest guest() {
    return guest;
  }

  @Override
  public void submit(List<? extends GuestRequest> requests) {
    chain.submit(requests);
  }

  @Override
  public void close(long flowId) {
    chain.close(flowId);
  }

  @Override
  public long processId() {
    return -1;
  }

  @Override
  public long restarts() {
    return 0;
  }

  @Override
  public void close() {
    destroy(vmm, guest);
    if (ownsVmm) {
      vmm.close();
    }
  }

  private static void destroy(Vmm vmm, Guest guest) {
    try {
      vmm.destroy(guest);
    } catch (IllegalStateException e) {
      // Destroyed already, or the VMM closed, by whoever owns it: nothing is left to end.
    }
  }
}

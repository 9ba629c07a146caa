/**
 * The hypervisor.
 *
 * <p>Start at {@link dev.vmm.core.Vmm}: it creates guests (each with its own tagged memory, harts
 * and guest kernel), dispatches their hypercalls ({@link dev.vmm.core.HypercallAbi}), carries bulk
 * data over channels ({@link dev.vmm.core.HostChannel}), and hosts the plug-ins a guest runs
 * ({@link dev.vmm.core.GuestExtension}). A host's own Dagger component gets a VMM from
 * {@link dev.vmm.core.dagger.VmmModule}.
 */
// VmmModule's API is Dagger's annotations, so its users read dagger and jakarta.inject.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.vmm.core {
  requires transitive dev.vmm.handles;
  requires transitive dev.vmm.memory;
  requires transitive dev.vmm.riscv;
  requires transitive dagger;
  requires transitive jakarta.inject;

  exports dev.vmm.core;
  exports dev.vmm.core.dagger;

  uses dev.vmm.core.GuestExtension;
  uses dev.vmm.core.GuestModuleProvider;
}

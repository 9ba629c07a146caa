/**
 * The hypervisor.
 *
 * <p>Start at {@link dev.vmm.core.Vmm}: it creates guests (each with its own tagged memory, harts
 * and guest kernel), dispatches their hypercalls ({@link dev.vmm.core.HypercallAbi}), carries bulk
 * data over channels ({@link dev.vmm.core.HostChannel}), and hosts the plug-ins a guest runs
 * ({@link dev.vmm.core.GuestExtension}).
 */
// "module": the qualified export names vmm-cli, which is built after this module.
@SuppressWarnings({"requires-automatic", "module"})
module dev.vmm.core {
  requires transitive dev.vmm.handles;
  requires transitive dev.vmm.memory;
  requires transitive dev.vmm.riscv;
  requires dagger;
  requires jakarta.inject;

  exports dev.vmm.core;
  // The Dagger modules, for the root component of the vmm command.
  exports dev.vmm.core.internal to
      dev.vmm.cli;

  uses dev.vmm.core.GuestExtension;
}

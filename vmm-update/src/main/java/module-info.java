/**
 * VMM updates delivered through a guest.
 *
 * <p>Start at {@link dev.vmm.update.UpdatePackage} (build and read signed packages),
 * {@link dev.vmm.update.SigningKey} and {@link dev.vmm.update.TrustRoot} (keys), and
 * {@link dev.vmm.update.UpdateStore} (the VMM side: verify, stage, commit, roll back). Updated
 * code is delivered in the jars of a VMM payload, as vmm-core {@link dev.vmm.core.HypercallService}
 * providers serving the updatable block of hypercall numbers
 * ({@link dev.vmm.update.UpdateAbi#UPDATABLE_BASE}) and as {@link dev.vmm.update.VmmService} providers.
 * {@link dev.vmm.update.UpdateHypercalls} connects a store to a {@link dev.vmm.core.Vmm}'s
 * guests, or {@link dev.vmm.update.dagger.UpdateModule} does it in a Dagger component;
 * {@link dev.vmm.update.GuestUpdater} is the updater that runs inside a guest.
 */
// UpdateModule's API is Dagger's annotations, so its users read dagger and jakarta.inject.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.vmm.update {
  requires transitive dev.vmm.core;
  requires transitive dagger;
  requires transitive jakarta.inject;
  requires java.net.http;

  exports dev.vmm.update;
  exports dev.vmm.update.dagger;

  uses dev.vmm.update.VmmService;
  uses dev.vmm.core.HypercallService;

  provides dev.vmm.core.GuestExtension with
      dev.vmm.update.internal.guest.UpdaterExtension;
}

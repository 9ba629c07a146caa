/**
 * VMM updates delivered through a guest.
 *
 * <p>Start at {@link dev.vmm.update.UpdatePackage} (build and read signed packages),
 * {@link dev.vmm.update.SigningKey} and {@link dev.vmm.update.TrustRoot} (keys), and
 * {@link dev.vmm.update.UpdateStore} (the VMM side: verify, stage, commit, roll back). Updated
 * code is delivered as {@link dev.vmm.update.VmmService} providers in the jars of a VMM payload.
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

  provides dev.vmm.core.GuestExtension with
      dev.vmm.update.internal.guest.UpdaterExtension;
}

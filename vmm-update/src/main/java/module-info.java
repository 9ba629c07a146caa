/**
 * VMM updates delivered through a guest.
 *
 * <p>Start at {@link dev.vmm.update.UpdatePackage} (build and read signed packages),
 * {@link dev.vmm.update.SigningKey} and {@link dev.vmm.update.TrustRoot} (keys), and
 * {@link dev.vmm.update.UpdateStore} (the VMM side: verify, stage, commit, roll back). Updated
 * code is delivered as {@link dev.vmm.update.VmmService} providers in the jars of a VMM payload.
 */
module dev.vmm.update {
  exports dev.vmm.update;

  uses dev.vmm.update.VmmService;
}

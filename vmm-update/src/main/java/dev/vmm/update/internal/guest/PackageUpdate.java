package dev.vmm.update.internal.guest;

import dev.vmm.core.GuestChannel;
import dev.vmm.update.GuestUpdatePhase;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.PackageVerifier;
import dev.vmm.update.Rejection;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One package through the guest's side of the flow: check it, send the VMM part down (resuming
 * where the VMM says it holds), apply the extension updates all or nothing, commit. Every failure
 * after the transfer began leaves the old version everywhere: extensions rolled back, the VMM's
 * staging aborted.
 */
final class PackageUpdate {
  /** How often a transfer the VMM cut off is begun again (resuming) before giving up. */
  private static final int ATTEMPTS = 3;
  private static final UpdateVersion ANY = new UpdateVersion(0, 0, 0);

  private final VmmLink vmm;
  private final ExtensionInstaller extensions;
  private final ProgressReporter progress;
  private final TrustRoot guestTrust;

  PackageUpdate(VmmLink vmm, ExtensionInstaller extensions, ProgressReporter progress, TrustRoot guestTrust) {
    this.vmm = vmm;
    this.extensions = extensions;
    this.progress = progress;
    this.guestTrust = guestTrust;
  }

  /** Runs the flow for one package file; reports how it ended, never throws for a bad package. */
  void run(Path file) throws InterruptedException {
    progress.phase(GuestUpdatePhase.FOUND, file.getFileName().toString());
    try {
      UpdatePackage pkg = UpdatePackage.open(file);
      progress.phase(GuestUpdatePhase.VERIFYING, "package " + pkg.manifest().packageId());
      PackageManifest manifest = earlyCheck(pkg);
      VmmLink.Begin begin = vmm.begin(pkg.signedHeader());
      if (UpdateAbi.rejectionOf(begin.handle()) == Rejection.NOT_NEWER) {
        progress.phase(GuestUpdatePhase.ROLLED_BACK, "the VMM already runs VMM " + manifest.vmm().version()
            + " or newer; nothing to do");
        return;
      }
      long handle = transfer(pkg, begin);
      applyAndCommit(pkg, manifest, handle);
    } catch (UpdateRejectedException e) {
      progress.phase(GuestUpdatePhase.FAILED, e.getMessage());
    } catch (IOException | RuntimeException e) {
      progress.phase(GuestUpdatePhase.FAILED, "could not update from " + file.getFileName() + ": " + e);
    }
  }

  private PackageManifest earlyCheck(UpdatePackage pkg) throws IOException, UpdateRejectedException {
    pkg.verifyPayloads();
    if (guestTrust == null) {
      return pkg.manifest();
    }
    return new PackageVerifier(guestTrust, Clock.systemUTC(), UpdatePackage.MAX_PAYLOAD_LENGTH)
        .verify(pkg.signedHeader(), ANY);
  }

  /** Sends the VMM payload until the VMM holds all of it and it matched; returns the session. */
  private long transfer(UpdatePackage pkg, VmmLink.Begin first) throws IOException, InterruptedException,
      UpdateRejectedException {
    VmmLink.Begin begin = first;
    for (int attempt = 1; ; attempt++) {
      check("begin", begin.handle());
      progress.phase(GuestUpdatePhase.TRANSFERRING, "VMM " + pkg.manifest().vmm().version() + ": the VMM holds "
          + begin.held() + " of " + begin.length() + " bytes");
      long sent;
      try (GuestChannel channel = vmm.openTransfer(begin.handle(), UpdateAbi.FRAME_HEADER_SIZE
          + PayloadSender.FRAME_DATA); InputStream payload = pkg.openVmmPayload()) {
        payload.skipNBytes(begin.held());
        sent = new PayloadSender(channel, progress).send(payload, begin.held(), begin.length());
        if (sent == 0) {
          sent = vmm.complete(begin.handle());
        }
      }
      if (sent == 0) {
        return begin.handle();
      }
      VmmLink.Status status = vmm.status(begin.handle());
      long reason = status.error() != 0 ? status.error() : sent;
      if (attempt == ATTEMPTS || UpdateAbi.rejectionOf(reason) == Rejection.DIGEST_MISMATCH) {
        vmm.abort(begin.handle());
        check("transfer", reason);
      }
      progress.phase(GuestUpdatePhase.TRANSFERRING, "the VMM stopped the transfer (" + VmmLink.describe(reason)
          + "); resuming");
      begin = vmm.begin(pkg.signedHeader());
    }
  }

  private void applyAndCommit(UpdatePackage pkg, PackageManifest manifest, long handle)
      throws IOException, UpdateRejectedException {
    // This manifest was decoded from the very header bytes the VMM has just verified at BEGIN, so
    // checking the extension payloads against it checks them against what the VMM trusts.
    progress.phase(GuestUpdatePhase.APPLYING_EXTENSIONS, manifest.extensions().size() + " extension update(s)");
    try {
      extensions.apply(pkg, manifest);
    } catch (IOException | UpdateRejectedException | RuntimeException e) {
      extensions.rollBack();
      vmm.abort(handle);
      throw e;
    }
    progress.phase(GuestUpdatePhase.COMMITTING, "manifest " + manifest.digest());
    finishCommit(vmm.commit(handle, manifest.digest()), manifest.vmm().version());
  }

  /** After COMMIT: keep the new extensions only if the VMM kept the new version. */
  void finishCommit(long result, UpdateVersion version) throws IOException {
    if (result == 1) {
      extensions.finish();
      progress.phase(GuestUpdatePhase.COMMITTED, "VMM " + version + " is active");
      return;
    }
    extensions.rollBack();
    progress.phase(GuestUpdatePhase.ROLLED_BACK, result == 0
        ? "VMM " + version + " failed its health check; the VMM rolled back, and so did the extensions"
        : "the VMM refused the commit (" + VmmLink.describe(result) + "); extensions rolled back");
  }

  private static void check(String step, long result) throws UpdateRejectedException {
    if (result >= 0) {
      return;
    }
    Rejection rejection = UpdateAbi.rejectionOf(result);
    throw new UpdateRejectedException(rejection != null ? rejection : Rejection.MALFORMED,
        "the VMM refused " + step + ": " + VmmLink.describe(result));
  }
}

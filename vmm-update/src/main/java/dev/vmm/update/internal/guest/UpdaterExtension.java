package dev.vmm.update.internal.guest;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.update.GuestUpdatePhase;
import dev.vmm.update.GuestUpdater;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The updater guest extension ({@link GuestUpdater}): a thread of its own that first finishes or
 * undoes an apply a crash interrupted, then looks at its source every poll interval and runs each
 * package it finds through {@link PackageUpdate}.
 */
public final class UpdaterExtension implements GuestExtension {
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final UpdaterProbe probe;
  private volatile boolean stopping;
  private Thread worker;

  /** The extension as {@link java.util.ServiceLoader} makes it. */
  public UpdaterExtension() {
    this(UpdaterProbe.NONE);
  }

  /**
   * The extension with a probe that hears each step.
   *
   * @param probe the probe
   */
  public UpdaterExtension(UpdaterProbe probe) {
    this.probe = probe;
  }

  @Override
  public String name() {
    return GuestUpdater.NAME;
  }

  @Override
  public void start(GuestExtensionContext context) throws IOException {
    UpdaterSettings settings = UpdaterSettings.from(context.settings());
    Files.createDirectories(settings.home());
    worker = Thread.ofPlatform().name("updater-" + context.guest().name()).daemon()
        .start(() -> work(context, settings));
  }

  private void work(GuestExtensionContext context, UpdaterSettings settings) {
    try (ProgressReporter progress = new ProgressReporter(context)) {
      VmmLink vmm = new VmmLink(context);
      ExtensionInstaller extensions = new ExtensionInstaller(settings.home(), probe);
      PackageUpdate update = new PackageUpdate(vmm, extensions, progress, settings.trust());
      PackageSource source = settings.sourceDir() != null
          ? new DirectorySource(settings.sourceDir(), settings.home())
          : new HttpSource(settings.sourceUrl(), settings.home(), settings.tls(), progress, probe);
      recover(vmm, extensions, update, progress);
      while (!stopping) {
        Path pkg = next(source, progress);
        if (pkg != null) {
          update.run(pkg);
          source.done(pkg);
        } else {
          LockSupport.parkNanos(settings.poll().toNanos());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      context.logger().log(System.Logger.Level.ERROR, "the updater stopped", e);
    }
  }

  private Path next(PackageSource source, ProgressReporter progress) throws InterruptedException {
    try {
      return source.next();
    } catch (IOException e) {
      progress.phase(GuestUpdatePhase.DOWNLOADING, "no package yet: " + e.getMessage());
      return null;
    }
  }

  /**
   * Makes the extensions agree with the VMM after a crash mid-apply: with the switch incomplete,
   * the old extensions come back (the package is sent again from the source, resuming); with it
   * complete, the new ones stay if the VMM has, or can still commit, the new version.
   */
  private static void recover(VmmLink vmm, ExtensionInstaller extensions, PackageUpdate update,
      ProgressReporter progress) throws IOException, InterruptedException {
    if (!extensions.applyInProgress()) {
      return;
    }
    byte[] header = extensions.pendingHeader();
    if (header == null || !extensions.switched()) {
      extensions.rollBack();
      progress.phase(GuestUpdatePhase.APPLYING_EXTENSIONS, "an interrupted extension apply was undone");
      return;
    }
    PackageManifest manifest;
    try {
      manifest = SignedHeader.decode(header).manifest();
    } catch (UpdateRejectedException e) {
      extensions.rollBack();
      return;
    }
    VmmLink.Begin begin = vmm.begin(header);
    if (UpdateAbi.rejectionOf(begin.handle()) == Rejection.NOT_NEWER) {
      update.finishCommit(1, manifest.vmm().version());
      return;
    }
    if (begin.handle() >= 0 && begin.held() == begin.length() && vmm.complete(begin.handle()) == 0) {
      update.finishCommit(vmm.commit(begin.handle(), manifest.digest()), manifest.vmm().version());
      return;
    }
    update.finishCommit(begin.handle() < 0 ? begin.handle() : UpdateAbi.rejectionCode(Rejection.NOT_STAGED),
        manifest.vmm().version());
  }

  @Override
  public void stop() {
    stopping = true;
    Thread running = worker;
    if (running == null) {
      return;
    }
    LockSupport.unpark(running);
    try {
      if (!running.join(STOP_WAIT)) {
        running.interrupt();
        running.join(STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

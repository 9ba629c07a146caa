package dev.vmm.update.internal;

import dev.vmm.core.HypercallService;
import dev.vmm.update.CommitResult;
import dev.vmm.update.HealthCheck;
import dev.vmm.update.InstalledUpdate;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.PackageVerifier;
import dev.vmm.update.Rejection;
import dev.vmm.update.StagingSession;
import dev.vmm.update.UpdateListener;
import dev.vmm.update.UpdatePhase;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateStatus;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.VmmService;
import dev.vmm.update.VmmServices;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;

/**
 * The update store's state machine over its directory:
 *
 * <pre>
 * root/lock        held (FileLock) while a process has the store open
 * root/state       the active pointer, {@link StateFile}; replacing it is the commit
 * root/versions/   one directory per kept version, {@link VersionDirectories}
 * root/staging/    the one staging area, {@link DiskStaging}
 * </pre>
 *
 * <p>Crash safety rests on one order: a version directory is whole before the pointer names it;
 * the pointer names the old version until then; staging is cleared only after the pointer names
 * the new version; a version on trial is rolled back on the next start, because a crash during its
 * trial is as good a sign of trouble as a failed check. {@link #open} recovers from a crash at any
 * point: it finishes that rollback, deletes directories the pointer does not name, and keeps the
 * verified prefix of an interrupted staging.
 */
public final class Store implements AutoCloseable {
  private final Path stateFile;
  private final Path stagingDirectory;
  private final VersionDirectories versions;
  private final PackageVerifier verifier;
  private final UpdateVersion factoryVersion;
  private final List<HypercallService> factoryHypercalls;
  private final HealthCheck healthCheck;
  private final UpdateListener listener;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private StateFile state;
  private DiskStaging staging;
  private volatile LoadedServices services;

  private Store(Path root, PackageVerifier verifier, UpdateVersion factoryVersion,
      List<HypercallService> factoryHypercalls, HealthCheck healthCheck, UpdateListener listener) throws IOException {
    Files.createDirectories(root);
    this.stateFile = root.resolve("state");
    this.stagingDirectory = root.resolve("staging");
    this.versions = new VersionDirectories(root.resolve("versions"));
    this.verifier = verifier;
    this.factoryVersion = factoryVersion;
    this.factoryHypercalls = List.copyOf(factoryHypercalls);
    this.healthCheck = healthCheck;
    this.listener = listener;
    this.lockChannel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      acquired = null;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new IOException("another process has the update store at " + root + " open");
    }
    this.lock = acquired;
  }

  public static Store open(Path root, PackageVerifier verifier, UpdateVersion factoryVersion,
      List<HypercallService> factoryHypercalls, HealthCheck healthCheck, UpdateListener listener) throws IOException {
    Store store = new Store(root, verifier, factoryVersion, factoryHypercalls, healthCheck, listener);
    try {
      store.recover();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void recover() throws IOException {
    Files.deleteIfExists(stateFile.resolveSibling("state.tmp"));
    state = StateFile.read(stateFile);
    if (state.trial()) {
      String abandoned = state.active();
      rollBackTo(new StateFile(state.previous(), state.retiring(), StateFile.NONE, false, "VMM "
          + versionOf(abandoned) + " was on trial when the process stopped, before its health check passed"));
    }
    Set<String> keep = new HashSet<>(Set.of(state.active(), state.previous()));
    versions.deleteAllBut(keep);
    recoverStaging();
    try {
      services = load(state.active());
    } catch (IllegalStateException e) {
      if (StateFile.NONE.equals(state.previous())) {
        throw new IOException("the active VMM " + versionOf(state.active()) + " does not load and there is nothing"
            + " to roll back to: " + e.getMessage(), e);
      }
      String broken = state.active();
      rollBackTo(new StateFile(state.previous(), StateFile.NONE, StateFile.NONE, false, e.getMessage()));
      versions.delete(broken);
      services = load(state.active());
    }
  }

  private void rollBackTo(StateFile next) throws IOException {
    next.write(stateFile);
    state = next;
    listener.phase(UpdatePhase.ROLLED_BACK, versionOf(next.active()));
  }

  private void recoverStaging() throws IOException {
    if (!Files.isDirectory(stagingDirectory)) {
      AtomicFiles.deleteTree(stagingDirectory);
      return;
    }
    byte[] header = DiskStaging.storedHeader(stagingDirectory);
    PackageManifest manifest = null;
    if (header != null) {
      try {
        manifest = verifier.verify(header, activeVersion());
      } catch (UpdateRejectedException stale) {
        manifest = null;
      }
    }
    if (manifest == null) {
      AtomicFiles.deleteTree(stagingDirectory);
    } else {
      staging = DiskStaging.recover(stagingDirectory, manifest, listener);
    }
  }

  private LoadedServices load(String version) throws IOException {
    if (StateFile.FACTORY.equals(version)) {
      return ServiceLayers.factory(factoryVersion, factoryHypercalls);
    }
    return ServiceLayers.load(versionOf(version), versions.jars(version));
  }

  private UpdateVersion versionOf(String name) throws IOException {
    return StateFile.FACTORY.equals(name) ? factoryVersion : installed(name).version();
  }

  private InstalledUpdate installed(String name) throws IOException {
    try {
      SignedHeader header = SignedHeader.decode(versions.header(name));
      return new InstalledUpdate(header.manifest().vmm().version(), header.manifest().packageId(),
          header.manifestDigest());
    } catch (UpdateRejectedException e) {
      throw new IOException("version directory " + name + " holds a damaged header: " + e.getMessage(), e);
    }
  }

  private Optional<InstalledUpdate> installedOrEmpty(String name) throws IOException {
    return VersionDirectories.isVersionName(name) ? Optional.of(installed(name)) : Optional.empty();
  }

  public VmmServices services() {
    return services;
  }

  public synchronized UpdateVersion activeVersion() throws IOException {
    return versionOf(state.active());
  }

  public synchronized UpdateStatus status() throws IOException {
    return new UpdateStatus(activeVersion(), installedOrEmpty(state.active()), installedOrEmpty(state.previous()),
        !StateFile.NONE.equals(state.previous()), Optional.ofNullable(staging).map(DiskStaging::state),
        StateFile.NONE.equals(state.lastRollback()) ? Optional.empty() : Optional.of(state.lastRollback()));
  }

  public synchronized StagingSession beginStaging(byte[] signedHeader) throws UpdateRejectedException, IOException {
    PackageManifest manifest = verifier.verify(signedHeader, activeVersion());
    String digest = manifest.digest();
    if (staging != null && staging.manifestDigest().equals(digest)) {
      return staging;
    }
    endStaging("replaced by package " + digest);
    staging = DiskStaging.create(stagingDirectory, signedHeader, manifest, listener);
    return staging;
  }

  public synchronized Optional<StagingSession> staging() {
    return Optional.ofNullable(staging);
  }

  public synchronized void abortStaging(String manifestDigest) throws UpdateRejectedException, IOException {
    requireStaged(manifestDigest);
    endStaging("aborted");
  }

  private DiskStaging requireStaged(String manifestDigest) throws UpdateRejectedException {
    if (staging == null) {
      throw new UpdateRejectedException(Rejection.NOT_STAGED,
          "package " + manifestDigest + " is not staged; nothing is");
    }
    if (!staging.manifestDigest().equals(manifestDigest)) {
      throw new UpdateRejectedException(Rejection.WRONG_PACKAGE, "request names package "
          + ExtensionNames.printable(String.valueOf(manifestDigest)) + ", but package " + staging.manifestDigest()
          + " is staged");
    }
    return staging;
  }

  private void endStaging(String because) throws IOException {
    if (staging != null) {
      staging.close(because);
      staging = null;
    }
    AtomicFiles.deleteTree(stagingDirectory);
  }

  public synchronized CommitResult commit(String manifestDigest) throws UpdateRejectedException, IOException {
    DiskStaging staged = requireStaged(manifestDigest);
    if (!staged.isComplete()) {
      throw new UpdateRejectedException(Rejection.NOT_STAGED, "package " + manifestDigest + " holds "
          + staged.heldLength() + " of " + staged.length() + " bytes and is not complete");
    }
    byte[] header = DiskStaging.storedHeader(stagingDirectory);
    PackageManifest manifest = verifier.verify(header, activeVersion());
    UpdateVersion version = manifest.vmm().version();
    String name = VersionDirectories.nameOf(manifest, manifestDigest);
    try {
      versions.unpack(name, staged.payloadFile(), header);
    } catch (UpdateRejectedException badPayload) {
      endStaging("its payload does not unpack");
      throw badPayload;
    }
    listener.phase(UpdatePhase.UNPACKED, version);
    StateFile before = state;
    state = new StateFile(name, before.active(), before.previous(), true, before.lastRollback());
    state.write(stateFile);
    listener.phase(UpdatePhase.ACTIVATED, version);
    endStaging("committed");
    listener.phase(UpdatePhase.HEALTH_CHECK, version);
    LoadedServices candidate = null;
    String failure;
    try {
      candidate = load(name);
      for (VmmService service : candidate.all()) {
        service.checkHealth();
      }
      healthCheck.check(candidate);
      failure = null;
    } catch (Exception | LinkageError | ServiceConfigurationError e) {
      failure = "VMM " + version + " failed its health check: " + e;
    }
    if (failure == null) {
      state = new StateFile(name, before.active(), StateFile.NONE, false, before.lastRollback());
      state.write(stateFile);
      services = candidate;
      if (VersionDirectories.isVersionName(before.previous())) {
        versions.delete(before.previous());
      }
      listener.phase(UpdatePhase.CONFIRMED, version);
      return new CommitResult(true, version, Optional.empty());
    }
    rollBackTo(new StateFile(before.active(), before.previous(), StateFile.NONE, false, failure));
    versions.delete(name);
    return new CommitResult(false, activeVersion(), Optional.of(failure));
  }

  public synchronized UpdateStatus rollback() throws IOException {
    if (StateFile.NONE.equals(state.previous())) {
      throw new IllegalStateException("VMM " + activeVersion() + " is active and there is no previous version to"
          + " roll back to");
    }
    String abandoned = state.active();
    LoadedServices target;
    try {
      target = load(state.previous());
    } catch (IllegalStateException e) {
      throw new IOException("cannot roll back: " + e.getMessage(), e);
    }
    rollBackTo(new StateFile(state.previous(), StateFile.NONE, StateFile.NONE, false, state.lastRollback()));
    services = target;
    if (VersionDirectories.isVersionName(abandoned)) {
      versions.delete(abandoned);
    }
    return status();
  }

  @Override
  public synchronized void close() throws IOException {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      if (staging != null) {
        staging.close("the update store was closed");
        staging = null;
      }
    } finally {
      try {
        if (lock != null) {
          lock.release();
        }
      } finally {
        lockChannel.close();
      }
    }
  }
}

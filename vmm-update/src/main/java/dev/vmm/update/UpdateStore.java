package dev.vmm.update;

import dev.vmm.core.HypercallService;
import dev.vmm.update.internal.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The VMM side of an update: verifies packages against the VMM's own trust root, stages the VMM
 * payload chunk by chunk, commits it atomically with a health check and automatic rollback, and
 * serves the active version's {@link VmmService}s and the hypercalls of its updatable block
 * ({@link UpdateAbi#UPDATABLE_BASE} .. {@link UpdateAbi#UPDATABLE_END}, reached through
 * {@link UpdateHypercalls#updatable}). It needs no network: the guest brings the bytes.
 *
 * <p>The flow the guest-to-VMM channel drives:
 *
 * {@snippet :
 * StagingSession session = store.beginStaging(signedHeader);   // verify; resume if already staging
 * long offset = session.heldLength();                          // "what do you hold?"
 * session.accept(offset, chunk, chunkCrc32c);                  // ... until the signed length
 * StagedUpdate staged = session.complete();                    // the signed digest must match
 * // the guest applies its extension updates, then:
 * CommitResult result = store.commit(staged.manifestDigest()); // or abortStaging(digest)
 * }
 *
 * <p><b>Durability.</b> The store is a directory (layout in {@code docs/update-store.md}) whose
 * active version is named by one pointer file, replaced atomically and synced. Opening the store
 * recovers from a process killed at any point: the active version is always a whole one, the old
 * or the new, never a mix; a version that was on trial (committed but not yet past its health
 * check) is rolled back; an interrupted staging keeps its verified prefix. One process at a time
 * may have a store open (a file lock).
 *
 * <p><b>Threads.</b> {@link #services()} takes no lock. Everything else runs one call at a time.
 */
public final class UpdateStore implements AutoCloseable {
  private final Store store;

  private UpdateStore(Store store) {
    this.store = store;
  }

  /**
   * A builder for a store in this directory.
   *
   * @param root the store's directory; created if missing
   * @return a new builder
   */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Configures and opens an {@link UpdateStore}. */
  public static final class Builder {
    private final Path root;
    private TrustRoot trustRoot;
    private UpdateVersion factoryVersion;
    private List<HypercallService> factoryHypercalls = List.of();
    private Clock clock = Clock.systemUTC();
    private HealthCheck healthCheck = HealthCheck.SERVICES_ONLY;
    private UpdateListener listener = UpdateListener.NONE;
    private long maxVmmPayloadLength = 1L << 30;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * The keys the VMM trusts; required. Comes from the VMM's configuration, never a guest.
     *
     * @param trustRoot the trust root
     * @return this builder
     */
    public Builder trustRoot(TrustRoot trustRoot) {
      this.trustRoot = Objects.requireNonNull(trustRoot, "trustRoot");
      return this;
    }

    /**
     * The version of the services the VMM ships with (those its own class loader provides),
     * active until an update is committed; required.
     *
     * @param factoryVersion the built-in version
     * @return this builder
     */
    public Builder factoryVersion(UpdateVersion factoryVersion) {
      this.factoryVersion = Objects.requireNonNull(factoryVersion, "factoryVersion");
      return this;
    }

    /**
     * The hypercalls of the updatable block the VMM ships with, served while the factory version is
     * active (and again after a rollback to it); none by default. Each registers numbers of
     * {@link UpdateAbi#UPDATABLE_BASE} .. {@link UpdateAbi#UPDATABLE_END} only, each number once;
     * an update's jars replace the whole set.
     *
     * @param services the services
     * @return this builder
     */
    public Builder factoryHypercalls(HypercallService... services) {
      this.factoryHypercalls = List.of(services);
      return this;
    }

    /**
     * The clock package expiry is judged by; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The VMM's own health check of a new version; by default none beyond the services' own.
     *
     * @param healthCheck the check
     * @return this builder
     */
    public Builder healthCheck(HealthCheck healthCheck) {
      this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
      return this;
    }

    /**
     * Who hears progress; nobody by default.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(UpdateListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The longest VMM payload this VMM stages; 1 GiB by default.
     *
     * @param maxVmmPayloadLength the limit in bytes
     * @return this builder
     */
    public Builder maxVmmPayloadLength(long maxVmmPayloadLength) {
      this.maxVmmPayloadLength = maxVmmPayloadLength;
      return this;
    }

    /**
     * Opens the store, recovering from whatever a crashed process left.
     *
     * @return the store, with the active version's services loaded
     * @throws IOException if the directory cannot be used, another process has it open, its state
     *     file is damaged, or the factory version is active and its hypercalls register a number
     *     outside the updatable block or a number twice
     * @throws IllegalStateException if the trust root or the factory version is missing
     */
    public UpdateStore open() throws IOException {
      if (trustRoot == null || factoryVersion == null) {
        throw new IllegalStateException("an update store needs a trust root and a factory version");
      }
      return new UpdateStore(Store.open(root, new PackageVerifier(trustRoot, clock, maxVmmPayloadLength),
          factoryVersion, factoryHypercalls, healthCheck, listener));
    }
  }

  /**
   * The active version's services and updatable hypercalls; a snapshot that stays valid for
   * whoever holds it. One volatile read: no lock, no allocation.
   *
   * @return the services new calls should use
   */
  public VmmServices services() {
    return store.services();
  }

  /**
   * What is active, what a rollback would return to, and what is staged.
   *
   * @return the status
   * @throws IOException if a version directory cannot be read
   */
  public UpdateStatus status() throws IOException {
    return store.status();
  }

  /**
   * Verifies a signed header and opens the staging session for its VMM payload. The same package
   * again returns the existing session, with its verified prefix, so a transfer resumes; another
   * package replaces whatever was staged.
   *
   * @param signedHeader the untrusted bytes, as {@link UpdatePackage#signedHeader()} gives them
   * @return the session
   * @throws UpdateRejectedException if the header fails verification; nothing changes then
   * @throws IOException if the staging area cannot be written
   */
  public StagingSession beginStaging(byte[] signedHeader) throws UpdateRejectedException, IOException {
    return store.beginStaging(Objects.requireNonNull(signedHeader, "signedHeader"));
  }

  /**
   * The staging session in progress, including one recovered after a restart.
   *
   * @return the session, or empty
   */
  public Optional<StagingSession> staging() {
    return store.staging();
  }

  /**
   * Discards the staged payload of this package (the guest failed to apply its extension updates,
   * or gave up).
   *
   * @param manifestDigest the staged package's manifest digest
   * @throws UpdateRejectedException if that package is not the one staged
   * @throws IOException if the staging area cannot be deleted
   */
  public void abortStaging(String manifestDigest) throws UpdateRejectedException, IOException {
    store.abortStaging(manifestDigest);
  }

  /**
   * Commits the staged package: re-verifies its header (expiry and version against now), unpacks
   * its jars into a new version directory, switches the active pointer, loads and health-checks the
   * new services, and either keeps them (new calls reach them from now on) or rolls back. The
   * health check fails when a service's own check throws, the VMM's {@link HealthCheck} throws, or
   * a hypercall service registers a number outside the updatable block or one already taken.
   *
   * @param manifestDigest the staged package's manifest digest, binding the commit to it
   * @return whether the new version is active, or why it was rolled back
   * @throws UpdateRejectedException if that package is not staged completely, no longer verifies,
   *     or its payload is not a set of jars; the active version is untouched then
   * @throws IOException if the store cannot be written
   */
  public CommitResult commit(String manifestDigest) throws UpdateRejectedException, IOException {
    return store.commit(manifestDigest);
  }

  /**
   * Returns to the previous version (an earlier update, or the factory version) and discards the
   * active one. Only one step back is kept.
   *
   * @return the status afterwards
   * @throws IllegalStateException if there is no previous version
   * @throws IOException if the previous version does not load; nothing changes then
   */
  public UpdateStatus rollback() throws IOException {
    return store.rollback();
  }

  /**
   * Ends the staging session's channels and releases the store's lock; staged bytes stay on disk.
   * Closing a closed store does nothing.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    store.close();
  }
}

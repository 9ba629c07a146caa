package dev.vmm.update.dagger;

import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Where a VMM's update store lives and whom it trusts: the input {@link UpdateModule} needs,
 * bound with {@code @BindsInstance}. All of it comes from the VMM's own configuration, never from
 * a guest.
 *
 * @param storeDirectory the store's directory (docs/update-store.md); created if missing
 * @param trustRoot the keys the VMM trusts
 * @param factoryVersion the version of the services the VMM ships with
 * @param clock the clock package expiry is judged by
 */
public record UpdateSettings(
    Path storeDirectory, TrustRoot trustRoot, UpdateVersion factoryVersion, Clock clock) {
  /**
   * Checks that every part is there.
   *
   * @throws NullPointerException naming the missing part
   */
  public UpdateSettings {
    Objects.requireNonNull(storeDirectory, "storeDirectory");
    Objects.requireNonNull(trustRoot, "trustRoot");
    Objects.requireNonNull(factoryVersion, "factoryVersion");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Settings that judge expiry by the system clock in UTC.
   *
   * @param storeDirectory the store's directory; created if missing
   * @param trustRoot the keys the VMM trusts
   * @param factoryVersion the version of the services the VMM ships with
   * @throws NullPointerException naming the missing part
   */
  public UpdateSettings(Path storeDirectory, TrustRoot trustRoot, UpdateVersion factoryVersion) {
    this(storeDirectory, trustRoot, factoryVersion, Clock.systemUTC());
  }
}

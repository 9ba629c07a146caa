package dev.vmm.core;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one guest for introspection ({@link Vmm#guests()}).
 *
 * @param id the guest's id
 * @param name its name
 * @param state its state when the snapshot was taken
 * @param created when it was created, by the VMM's clock
 * @param exit why it stopped, or {@code null} if it has not
 * @param extensions the names of the extensions it runs
 */
public record GuestInfo(
    long id, String name, GuestState state, Instant created, GuestExit exit,
    List<String> extensions) {
  /**
   * Copies the list.
   */
  public GuestInfo {
    extensions = List.copyOf(extensions);
  }
}

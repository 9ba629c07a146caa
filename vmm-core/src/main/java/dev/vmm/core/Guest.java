package dev.vmm.core;

import dev.vmm.memory.GuestMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A partition: its own tagged memory, its harts and a guest kernel in Java that serves the
 * program's system calls and hosts its plug-ins. Less trusted than the VMM: everything a guest
 * passes the VMM goes through the hypercall checks.
 *
 * <p>A guest owns itself as a {@link GuestObject}, so a hypercall may name only its own guest
 * handle. Lifecycle changes go through the {@link Vmm}.
 */
public interface Guest extends GuestObject {
  /**
   * Returns the guest's id: its handle in the VMM's table, also what the guest reads with
   * {@link HypercallAbi#INFO}.
   *
   * @return the id, never 0
   */
  long id();

  /**
   * Returns the name given at creation.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the current state.
   *
   * @return the state
   */
  GuestState state();

  /**
   * Returns the guest's memory.
   *
   * @return the memory; closed once the guest is destroyed
   */
  GuestMemory memory();

  /**
   * Returns why the guest stopped.
   *
   * @return the exit, or empty while it has not stopped
   */
  Optional<GuestExit> exit();

  /**
   * Waits until the guest has stopped.
   *
   * @param timeout how long to wait at most
   * @return the exit, or empty if it is still not stopped when the time is up
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Optional<GuestExit> awaitExit(Duration timeout) throws InterruptedException;

  /**
   * Returns the extensions this guest's kernel hosts, in start order: how the host finds the
   * in-guest end of a plug-in it feeds (vmm-intercept's module chain, say).
   *
   * @return the extensions made for this guest, unmodifiable
   */
  List<GuestExtension> extensions();

  @Override
  default Guest owner() {
    return this;
  }
}

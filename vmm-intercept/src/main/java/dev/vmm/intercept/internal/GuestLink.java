package dev.vmm.intercept.internal;

import java.util.List;

/**
 * The one seam between the host side of interception and wherever a listener's module chain runs.
 *
 * <p>There are two: {@link VmmGuestLink} (a vmm-core guest in the host JVM whose
 * {@link ChainHostExtension} runs the chain) and {@link ChildJvmGuest} (a child JVM over a Unix
 * domain socket, running an {@link InProcessGuest}).
 *
 * <p>Requests for one flow must come from one thread at a time and in flow order (open, chunks,
 * close); the guest answers each flow's requests in that order. Every request is answered at most
 * once, through {@link GuestRequest#answer}, on a guest thread or at once when it is turned away;
 * a request the guest never answers (a hung module) is decided by the host's deadline.
 */
public interface GuestLink extends AutoCloseable {

  /**
   * Hands a batch of requests to the guest, in order, with one wake-up of the guest at most: the
   * guest takes each chunk's reference and keeps nothing of the list itself.
   */
  void submit(List<? extends GuestRequest> requests);

  /** Ends a flow after the requests submitted for it: the modules' close callbacks run. */
  void close(long flowId);

  /** The operating-system process id of the guest, or -1 when it runs in the host's process. */
  long processId();

  /** How often the guest was restarted after dying or hanging. */
  long restarts();

  /** Stops the guest; requests made afterwards are answered with {@link GuestUnavailable}. */
  @Override
  void close();
}

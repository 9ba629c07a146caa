package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Verdict;
import java.util.function.BiConsumer;

/**
 * The one seam between the host side of interception and wherever a listener's module chain runs.
 *
 * <p>There are two: {@link VmmGuestLink} (a vmm-core guest in the host JVM whose
 * {@link ChainHostExtension} runs the chain) and {@link ChildJvmGuest} (a child JVM over a Unix
 * domain socket, running an {@link InProcessGuest}).
 *
 * <p>Calls for one flow must come from one thread at a time and in flow order (open, chunks,
 * close); the guest answers each flow's requests in that order. Results are delivered on a guest
 * thread: a {@link Verdict} of the chain, or a failure ({@link ModuleFailure},
 * {@link GuestUnavailable}). Every request is answered at most once; a request the guest never
 * answers (a hung module, a guest closed under it) is decided by the host's deadline.
 */
public interface GuestLink extends AutoCloseable {

  /** Opens a flow; the answer is the chain's verdict on it. */
  void open(Flow flow, BiConsumer<Verdict, RuntimeException> answer);

  /** Runs a chunk through the flow's chain; the guest owns {@code data} from now on. */
  void chunk(long flowId, byte[] data, BiConsumer<Verdict, RuntimeException> answer);

  /** Ends a flow: the modules' close callbacks run and its state is dropped. */
  void close(long flowId);

  /** The operating-system process id of the guest, or -1 when it runs in the host's process. */
  long processId();

  /** How often the guest was restarted after dying or hanging. */
  long restarts();

  /** Stops the guest; requests made afterwards are answered with {@link GuestUnavailable}. */
  @Override
  void close();
}

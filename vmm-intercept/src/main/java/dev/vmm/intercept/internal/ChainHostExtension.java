package dev.vmm.intercept.internal;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.intercept.ModuleSpec;
import java.util.List;

/**
 * The in-guest end of interception: a vmm-core guest extension that has its guest kernel make a
 * listener's guest modules ({@link GuestExtensionContext#module}, vmm-core's module host) and runs
 * their chain on the guest's side, on the guest's own threads. The host reaches
 * it through {@code Guest.extensions()} ({@link VmmGuestLink}).
 *
 * <p>Guest and host share the JVM, so a chunk reaches the modules as a read-only view of the
 * host's buffer, never copied; the host's in-flight limits bound what is queued here. When the
 * guest stops, its threads end and every request not yet run, and every later one, is answered
 * {@link GuestUnavailable}: the interceptor's failure policy decides.
 */
public final class ChainHostExtension implements GuestExtension {
  /** The name guests select it by. */
  public static final String NAME = "intercept-chain";

  private volatile InProcessGuest engine;
  private GuestExtensionContext context;
  private boolean started;
  private boolean stopped;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized void start(GuestExtensionContext context) {
    this.context = context;
    started = true;
  }

  @Override
  public synchronized void stop() {
    stopped = true;
    if (engine != null) {
      engine.close();
    }
  }

  /**
   * Makes the chain's modules in the guest and starts its guest threads.
   *
   * @throws IllegalArgumentException for an unknown module or bad options
   * @throws IllegalStateException if the guest is not running
   */
  synchronized void serve(List<ModuleSpec> chain, int threads, String listener) {
    if (stopped || !started) {
      throw new IllegalStateException("the interception guest for listener '" + listener
          + "' is not running");
    }
    engine = new InProcessGuest(ModuleRegistry.fromGuest(context).create(chain), threads, listener);
  }

  void submit(List<? extends GuestRequest> requests) {
    engine.submit(requests);
  }

  void close(long flowId) {
    engine.close(flowId);
  }
}

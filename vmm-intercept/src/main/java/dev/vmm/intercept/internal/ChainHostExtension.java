package dev.vmm.intercept.internal;

import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Verdict;
import dev.vmm.memory.GuestMemory;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The in-guest end of interception: a vmm-core guest extension that discovers a listener's guest
 * modules and runs their chain on the guest's side, on the guest's own threads. The host reaches
 * it through {@code Guest.extensions()} ({@link VmmGuestLink}).
 *
 * <p>Each chunk is staged in the guest's tagged heap by the host and read out of it on the flow's
 * guest thread, so modules only ever see guest-side copies, and the guest's heap bounds what is
 * queued in it. When the guest stops, its threads end and every later request is answered
 * {@link GuestUnavailable}: the interceptor's failure policy decides.
 */
public final class ChainHostExtension implements GuestExtension {
  /** The name guests select it by. */
  public static final String NAME = "intercept-chain";

  private volatile GuestExtensionContext context;
  private volatile InProcessGuest engine;
  private boolean stopped;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(GuestExtensionContext context) {
    this.context = context;
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
    if (stopped || context == null) {
      throw new IllegalStateException("the interception guest for listener '" + listener
          + "' is not running");
    }
    engine = new InProcessGuest(ModuleRegistry.load().create(chain), threads, listener);
  }

  void open(Flow flow, BiConsumer<Verdict, RuntimeException> answer) {
    engine.open(flow, answer);
  }

  void chunk(long flowId, byte[] data, BiConsumer<Verdict, RuntimeException> answer) {
    GuestMemory memory = context.memory();
    long pointer;
    try {
      pointer = memory.malloc(data.length, 0);
      if (pointer != 0) {
        memory.copyIn(pointer, data, 0, data.length);
      }
    } catch (RuntimeException e) {
      // The guest was destroyed under us: its memory is closed.
      answer.accept(null, new GuestUnavailable("guest '" + context.guest().name()
          + "' cannot take a chunk: " + e.getMessage()));
      return;
    }
    if (pointer == 0) {
      answer.accept(null, new GuestUnavailable("guest '" + context.guest().name()
          + "' has no heap left for a " + data.length + "-byte chunk"));
      return;
    }
    engine.chunk(flowId, () -> fetch(memory, pointer, data.length), answer);
  }

  void close(long flowId) {
    engine.close(flowId);
  }

  private static byte[] fetch(GuestMemory memory, long pointer, int length) {
    try {
      byte[] bytes = new byte[length];
      memory.copyOut(pointer, bytes, 0, length);
      memory.free(pointer, 0);
      return bytes;
    } catch (RuntimeException e) {
      throw new GuestUnavailable("the guest's memory lost a staged chunk: " + e.getMessage());
    }
  }
}

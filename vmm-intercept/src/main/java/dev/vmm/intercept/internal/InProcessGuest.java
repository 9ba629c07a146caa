package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The chain engine: the chain runs on a pool of guest threads, never on a Netty event loop, so a
 * slow module delays only its own flows. It runs inside a vmm-core guest
 * ({@link ChainHostExtension}) and inside a child-JVM guest.
 */
public final class InProcessGuest implements GuestLink {
  private final List<GuestModule<?>> modules;
  private final ExecutorService threads;
  private final Map<Long, GuestFlow> flows = new ConcurrentHashMap<>();

  /** One flow's serial executor and, once opened on it, its bound chain. */
  private static final class GuestFlow {
    final FlowActor actor;
    FlowChain chain;

    GuestFlow(FlowActor actor) {
      this.actor = actor;
    }
  }

  /** Starts {@code threadCount} daemon guest threads named after the listener. */
  public InProcessGuest(List<GuestModule<?>> modules, int threadCount, String listener) {
    this.modules = List.copyOf(modules);
    AtomicInteger serial = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(threadCount, task -> {
      Thread thread = new Thread(task, "vmm-guest-" + listener + "-" + serial.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void open(Flow flow, BiConsumer<Verdict, RuntimeException> answer) {
    GuestFlow guestFlow = new GuestFlow(new FlowActor(threads));
    flows.put(flow.id(), guestFlow);
    submit(guestFlow, answer, () -> {
      guestFlow.chain = new FlowChain(modules, flow);
      return guestFlow.chain.open();
    });
  }

  @Override
  public void chunk(long flowId, byte[] data, BiConsumer<Verdict, RuntimeException> answer) {
    GuestFlow guestFlow = flows.get(flowId);
    if (guestFlow == null) {
      answer.accept(null, new GuestUnavailable("flow " + flowId + " is not open in the guest"));
      return;
    }
    submit(guestFlow, answer, () -> guestFlow.chain.chunk(data));
  }

  /**
   * Runs a chunk whose bytes are fetched on the flow's guest thread, in flow order: how a vmm-core
   * guest reads a chunk out of its own memory. A fetch that fails answers
   * {@link GuestUnavailable}.
   */
  void chunk(long flowId, Supplier<byte[]> fetch, BiConsumer<Verdict, RuntimeException> answer) {
    GuestFlow guestFlow = flows.get(flowId);
    if (guestFlow == null) {
      answer.accept(null, new GuestUnavailable("flow " + flowId + " is not open in the guest"));
      return;
    }
    submit(guestFlow, answer, () -> guestFlow.chain.chunk(fetch.get()));
  }

  @Override
  public void close(long flowId) {
    GuestFlow guestFlow = flows.remove(flowId);
    if (guestFlow != null) {
      try {
        guestFlow.actor.submit(() -> guestFlow.chain.close());
      } catch (RejectedExecutionException e) {
        // The guest is shutting down: its flows' state goes with it.
      }
    }
  }

  @Override
  public long processId() {
    return -1;
  }

  @Override
  public long restarts() {
    return 0;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    flows.clear();
  }

  /** What a guest thread computes for one request. */
  private interface GuestWork {
    Verdict run();
  }

  private static void submit(GuestFlow flow, BiConsumer<Verdict, RuntimeException> answer,
      GuestWork work) {
    try {
      flow.actor.submit(() -> {
        Verdict verdict;
        try {
          verdict = work.run();
        } catch (ModuleFailure | GuestUnavailable e) {
          answer.accept(null, e);
          return;
        }
        answer.accept(verdict, null);
      });
    } catch (RejectedExecutionException e) {
      answer.accept(null, new GuestUnavailable("the in-process guest is closed"));
    }
  }
}

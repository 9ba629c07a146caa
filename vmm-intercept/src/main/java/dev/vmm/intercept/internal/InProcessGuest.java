package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chain engine: the chain runs on a pool of guest threads, never on a Netty event loop, so a
 * slow module delays only its own flows. It runs inside a vmm-core guest
 * ({@link ChainHostExtension}) and inside a child-JVM guest.
 *
 * <p>Modules see each chunk through a read-only view of the request's buffer, so nothing is copied
 * for them and none can write to it; the buffer is released as soon as the chain returns.
 */
public final class InProcessGuest implements GuestLink {
  private final List<GuestModule<?>> modules;
  private final ExecutorService threads;
  private final Map<Long, GuestFlow> flows = new ConcurrentHashMap<>();
  private volatile boolean closed;

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
  public void submit(List<? extends GuestRequest> requests) {
    FlowActor pending = null;
    for (GuestRequest request : requests) {
      Flow opening = request.opening();
      GuestFlow flow;
      if (opening != null) {
        flow = new GuestFlow(new FlowActor(threads));
        flows.put(opening.id(), flow);
      } else {
        flow = flows.get(request.flowId());
        if (flow == null) {
          turnAway(request, "flow " + request.flowId() + " is not open in the guest");
          continue;
        }
      }
      GuestFlow target = flow;
      flow.actor.enqueue(() -> run(target, request));
      if (pending != flow.actor) {
        if (pending != null) {
          pending.kick();
        }
        pending = flow.actor;
      }
    }
    if (pending != null) {
      pending.kick();
    }
  }

  @Override
  public void close(long flowId) {
    GuestFlow flow = flows.remove(flowId);
    if (flow != null) {
      flow.actor.enqueue(() -> {
        if (!closed && flow.chain != null) {
          flow.chain.close();
        }
      });
      flow.actor.kick();
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

  /**
   * Stops the guest threads (interrupting the modules running on them) and turns away every
   * request not yet run, here and now, so that each request's buffer is released.
   */
  @Override
  public void close() {
    closed = true;
    for (Runnable neverStarted : threads.shutdownNow()) {
      neverStarted.run();
    }
    flows.clear();
  }

  private void run(GuestFlow flow, GuestRequest request) {
    if (closed) {
      turnAway(request, "the in-process guest is closed");
      return;
    }
    Verdict verdict = null;
    RuntimeException failure = null;
    ByteBuf data = request.data();
    try {
      Flow opening = request.opening();
      if (opening != null) {
        flow.chain = new FlowChain(modules, opening);
        verdict = flow.chain.open();
      } else {
        verdict = flow.chain.chunk(data.nioBuffer().asReadOnlyBuffer());
      }
    } catch (ModuleFailure | GuestUnavailable e) {
      failure = e;
    } finally {
      if (data != null) {
        data.release();
      }
    }
    request.answer(verdict, failure);
  }

  private static void turnAway(GuestRequest request, String why) {
    ByteBuf data = request.data();
    if (data != null) {
      data.release();
    }
    request.answer(null, new GuestUnavailable(why));
  }
}

package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestExit;
import dev.vmm.core.GuestExtension;
import dev.vmm.core.GuestInfo;
import dev.vmm.core.GuestPlacement;
import dev.vmm.core.GuestState;
import dev.vmm.core.GuestTransition;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.IllegalGuestStateException;
import dev.vmm.memory.GuestMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A guest and its lifecycle. State changes happen under {@link #lock}; the hart loop reads the
 * state once per slice of {@link #SLICE} instructions, so a pause or stop takes effect within a
 * slice. Plug-ins start before the hart and stop after it.
 */
final class GuestImpl implements Guest {
  /** Instructions per run between two looks at the state: short enough to stop promptly. */
  static final long SLICE = 1 << 16;
  private static final Duration JOIN_WARNING = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger(GuestImpl.class.getName());

  private final GuestConfig config;
  private final GuestMemory memory;
  private final ContextImpl hypercallContext;
  private final GuestPlugins plugins;
  private final GuestChannels channels;
  private final GuestRegions regions;
  private final GuestCpu cpu;
  private final GuestPlacement placement;
  private final HypercallDispatcher dispatcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final java.time.Instant created;
  private volatile long id;
  private volatile GuestState state = GuestState.CREATED;
  private volatile GuestExit exit;
  private boolean destroying;
  private boolean loopRunning;
  private boolean parked;
  private GuestPlacement.Placed placed;

  GuestImpl(GuestConfig config, GuestMemory memory, ProgramLauncher launcher, VmmParts parts) {
    this.config = config;
    this.memory = memory;
    this.placement = parts.placement();
    this.dispatcher = parts.dispatcher();
    this.created = parts.clock().instant();
    this.hypercallContext = new ContextImpl(this, parts.objects());
    this.channels = new GuestChannels(this, parts.objects(), parts.callbacks());
    this.regions = new GuestRegions(this, parts.objects());
    this.plugins = new GuestPlugins(this, parts.catalog(), parts.dispatcher());
    this.cpu = config.program() == null ? null : launcher.launch(
        config.program(), memory, config, linux -> parts.dispatcher().ecallHandler(this, linux));
  }

  void bind(long id) {
    this.id = id;
  }

  GuestConfig config() {
    return config;
  }

  /** The dispatcher of the VMM this guest belongs to. */
  HypercallDispatcher dispatcher() {
    return dispatcher;
  }

  ContextImpl hypercallContext() {
    return hypercallContext;
  }

  GuestChannels channels() {
    return channels;
  }

  GuestRegions regions() {
    return regions;
  }

  ChannelImpl channel(String name) {
    return channels.find(name);
  }

  void forgetChannel(ChannelImpl channel) {
    channels.forget(channel);
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public GuestState state() {
    return state;
  }

  @Override
  public GuestMemory memory() {
    return memory;
  }

  @Override
  public Optional<GuestExit> exit() {
    return Optional.ofNullable(exit);
  }

  @Override
  public List<GuestExtension> extensions() {
    return plugins.extensions();
  }

  @Override
  public Optional<GuestExit> awaitExit(Duration timeout) throws InterruptedException {
    long nanos = ByteRing.nanos(timeout);
    lock.lock();
    try {
      while (exit == null && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return Optional.ofNullable(exit);
    } finally {
      lock.unlock();
    }
  }

  GuestInfo info() {
    return new GuestInfo(id, name(), state, created, exit,
        plugins.extensions().stream().map(GuestExtension::name).toList());
  }

  // ---- Lifecycle. ------------------------------------------------------------------------------

  void start() {
    lock.lock();
    try {
      move(GuestTransition.START);
    } finally {
      lock.unlock();
    }
    try {
      plugins.start();
    } catch (Exception e) {
      finish(new GuestExit.KernelFailed(e));
      return;
    }
    if (cpu != null) {
      lock.lock();
      try {
        if (state == GuestState.RUNNING || state == GuestState.PAUSED) {
          loopRunning = true;
          placed = placement.start(this, this::runHarts);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  void pause() {
    lock.lock();
    try {
      move(GuestTransition.PAUSE);
      if (placed != null && !placed.isCurrent()) {
        while (state == GuestState.PAUSED && loopRunning && !parked) {
          changed.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  void resume() {
    lock.lock();
    try {
      move(GuestTransition.RESUME);
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    GuestPlacement.Placed loop;
    lock.lock();
    try {
      move(GuestTransition.STOP);
      if (exit == null) {
        exit = new GuestExit.StoppedByHost();
      }
      loop = placed;
    } finally {
      lock.unlock();
    }
    stopCpu();
    wind(loop);
  }

  void destroy() {
    GuestPlacement.Placed loop;
    lock.lock();
    try {
      if (destroying || GuestTransition.DESTROY.target(state) == null) {
        throw new IllegalGuestStateException(
            name(), id, destroying ? GuestState.DESTROYED : state, GuestTransition.DESTROY);
      }
      destroying = true;
      if (state != GuestState.STOPPED) {
        state = GuestState.STOPPED;
        if (exit == null) {
          exit = new GuestExit.StoppedByHost();
        }
        changed.signalAll();
      }
      loop = placed;
    } finally {
      lock.unlock();
    }
    stopCpu();
    wind(loop);
    channels.destroyAll();
    regions.destroyAll();
    memory.close();
    lock.lock();
    try {
      state = GuestState.DESTROYED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: applies a transition or refuses it, naming the guest and its state. */
  private void move(GuestTransition transition) {
    GuestState next = transition.target(state);
    if (next == null || destroying) {
      throw new IllegalGuestStateException(name(), id, state, transition);
    }
    state = next;
    changed.signalAll();
  }

  /** The guest stopped on its own (exit, fault, kernel failure). */
  private void finish(GuestExit why) {
    lock.lock();
    try {
      if (state != GuestState.RUNNING && state != GuestState.PAUSED) {
        return;
      }
      state = GuestState.STOPPED;
      exit = why;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // A Linux program's end, violations included, is its host's to report: the result carries
    // the reports, and `vmm run` prints them in AddressSanitizer's format, nothing else.
    if (why instanceof GuestExit.Exited || why instanceof GuestExit.ProcessEnded) {
      LOG.log(System.Logger.Level.DEBUG, () -> "guest '" + name() + "' " + why.describe());
    } else {
      LOG.log(System.Logger.Level.INFO, () -> "guest '" + name() + "' " + why.describe());
    }
    plugins.stop();
    channels.guestStopped();
  }

  /** Ends a program that may be blocked inside a slice (a thread waiting on another). */
  private void stopCpu() {
    if (cpu != null) {
      cpu.stop();
    }
  }

  /** After a host stop: waits for the hart loop, then stops plug-ins and channels. */
  private void wind(GuestPlacement.Placed loop) {
    if (loop != null && !loop.isCurrent()) {
      boolean interrupted = false;
      while (true) {
        try {
          if (loop.join(JOIN_WARNING)) {
            break;
          }
          LOG.log(System.Logger.Level.WARNING, "guest '" + name() + "' hart loop still running");
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    plugins.stop();
    channels.guestStopped();
  }

  private void runHarts() {
    try {
      while (awaitRunnable()) {
        GuestExit ended = cpu.runSlice(SLICE);
        if (ended != null) {
          finish(ended);
          return;
        }
      }
    } catch (RuntimeException e) {
      finish(new GuestExit.KernelFailed(e));
    } finally {
      cpu.stop(); // after a host stop or a kernel failure, the program's other threads end too
      lock.lock();
      try {
        loopRunning = false;
        parked = false;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Parks while paused; tells whether to run another slice. */
  private boolean awaitRunnable() {
    lock.lock();
    try {
      while (state == GuestState.PAUSED) {
        parked = true;
        changed.signalAll();
        changed.awaitUninterruptibly();
      }
      parked = false;
      return state == GuestState.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "guest '" + name() + "' (id 0x" + Long.toHexString(id) + ", " + state + ")";
  }
}

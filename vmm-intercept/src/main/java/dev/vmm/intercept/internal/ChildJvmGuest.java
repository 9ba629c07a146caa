package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ChainPlacement;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Verdict;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A guest in a child JVM, reached over a Unix domain socket (docs/intercept-protocol.md).
 *
 * <p>The host notices a dead child at once (the process exits, the socket closes) and a hung one
 * within {@code unresponsiveAfter} (no answer to heartbeats: it is killed). Either way every open
 * request is answered {@link GuestUnavailable}, so the failure policy decides those chunks, and a
 * new child is started; flows still open are opened again in it, with fresh module state.
 */
public final class ChildJvmGuest implements GuestLink {
  private static final long STARTUP_TIMEOUT_SECONDS = 60;
  private static final long RESTART_DELAY_MILLIS = 50;
  /** A child that keeps dying before it is ready is restarted at most this rarely. */
  private static final long MAX_RESTART_DELAY_MILLIS = 5_000;

  private final List<ModuleSpec> chain;
  private final String listener;
  private final ChainPlacement.ChildJvm placement;
  private final Path directory;
  private final Path socket;
  private final EventLoopGroup loop;
  private final Channel server;
  private final Map<Long, GuestRequest> pending = new ConcurrentHashMap<>();
  private final Map<Long, Flow> liveFlows = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  /** Children lost in a row before any said READY: the restart delay doubles with each. */
  private volatile int failedStarts;
  private volatile ChildProcess current;
  private volatile boolean closed;

  private ChildJvmGuest(List<ModuleSpec> chain, String listener, ChainPlacement.ChildJvm placement)
      throws IOException, InterruptedException {
    this.chain = chain;
    this.listener = listener;
    this.placement = placement;
    this.directory = Files.createTempDirectory("vmm-guest-");
    this.socket = directory.resolve("guest.sock");
    this.loop = UnixSockets.eventLoop("vmm-guest-link-" + listener);
    this.server = bind();
  }

  private Channel bind() throws IOException, InterruptedException {
    try {
      return new ServerBootstrap().group(loop)
          .channelFactory(UnixSockets::serverChannel)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(GuestProtocol.frameDecoder(),
                  new ChildConnectionHandler(ChildJvmGuest.this, listener, chain));
            }
          })
          .bind(UnixDomainSocketAddress.of(socket)).sync().channel();
    } catch (Exception e) {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      Files.deleteIfExists(socket);
      Files.deleteIfExists(directory);
      throw e;
    }
  }

  /**
   * Starts the child and waits until it has built the chain.
   *
   * @throws IllegalArgumentException if the chain names an unknown module or bad options (checked
   *     in the host first, for a clear message)
   * @throws IllegalStateException if the child does not come up
   */
  public static ChildJvmGuest start(List<ModuleSpec> chain, String listener,
      ChainPlacement.ChildJvm placement) {
    ModuleRegistry.load().create(chain);
    ChildJvmGuest guest;
    try {
      guest = new ChildJvmGuest(chain, listener, placement);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the guest socket", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the guest socket", e);
    }
    ChildProcess child = guest.spawn();
    try {
      child.ready.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      guest.close();
      throw new IllegalStateException("the child JVM guest did not start; its output is in "
          + guest.directory.resolve("guest.log"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      guest.close();
      throw new IllegalStateException("interrupted while starting the child JVM guest", e);
    }
    guest.loop.scheduleAtFixedRate(guest::heartbeat, placement.heartbeat().toNanos(),
        placement.heartbeat().toNanos(), TimeUnit.NANOSECONDS);
    return guest;
  }

  /** The process id of the child serving requests now, or -1 while none is ready. */
  @Override
  public long processId() {
    ChildProcess child = current;
    return child != null && child.ready.isDone() && !child.lost ? child.process.pid() : -1;
  }

  private ChildProcess spawn() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(placement.jvmOptions());
    command.add("-cp");
    command.add(childClassPath());
    command.add(ChildGuestMain.class.getName());
    command.add(socket.toString());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("guest.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the child JVM guest: " + command, e);
    }
    ChildProcess child = new ChildProcess(process);
    current = child;
    process.onExit().thenRun(() -> lost(child, "the child JVM exited"));
    return child;
  }

  private static String childClassPath() {
    String classPath = System.getProperty("java.class.path", "");
    String modulePath = System.getProperty("jdk.module.path", "");
    if (modulePath.isEmpty()) {
      return classPath;
    }
    return classPath.isEmpty() ? modulePath : modulePath + File.pathSeparator + classPath;
  }

  /** A child connected and said READY: it serves requests from now on. */
  void ready(Channel channel, long pid) {
    ChildProcess child = current;
    if (child == null || child.process.pid() != pid || child.lost) {
      channel.close();
      return;
    }
    child.channel = channel;
    child.lastHeard = System.nanoTime();
    failedStarts = 0;
    channel.closeFuture().addListener(f -> lost(child, "the guest socket closed"));
    for (Flow flow : liveFlows.values()) {
      channel.write(GuestProtocol.open(channel.alloc(), requestIds.incrementAndGet(), flow));
    }
    channel.flush();
    child.ready.complete(null);
  }

  void heard(Channel channel) {
    ChildProcess child = current;
    if (child != null && child.channel == channel) {
      child.lastHeard = System.nanoTime();
    }
  }

  void answered(long requestId, Verdict verdict, String error) {
    GuestRequest request = pending.remove(requestId);
    if (request != null) {
      request.answer(verdict, error == null ? null : new ModuleFailure(error));
    }
  }

  private void heartbeat() {
    ChildProcess child = current;
    if (child == null || child.lost) {
      return;
    }
    if (child.channel == null) {
      if (System.nanoTime() - child.lastHeard > TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_SECONDS)) {
        lost(child, "the child JVM did not start within " + STARTUP_TIMEOUT_SECONDS + " s");
      }
      return;
    }
    if (System.nanoTime() - child.lastHeard > placement.unresponsiveAfter().toNanos()) {
      lost(child, "the child JVM did not answer for " + placement.unresponsiveAfter());
      return;
    }
    child.channel.writeAndFlush(GuestProtocol.ping(child.channel.alloc(), System.nanoTime()),
        child.channel.voidPromise());
  }

  private void lost(ChildProcess child, String reason) {
    synchronized (child) {
      if (child.lost) {
        return;
      }
      child.lost = true;
    }
    child.process.destroyForcibly();
    if (child.channel != null) {
      child.channel.close();
    }
    child.ready.completeExceptionally(new IllegalStateException(reason));
    answerLost(new GuestUnavailable("child JVM guest lost: " + reason));
    if (!closed && current == child) {
      restarts.incrementAndGet();
      int failures = child.channel == null ? failedStarts++ : 0;
      long delay = Math.min(MAX_RESTART_DELAY_MILLIS, RESTART_DELAY_MILLIS << Math.min(failures, 10));
      loop.schedule(() -> {
        if (!closed) {
          spawn();
        }
      }, delay, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Frames the batch on the calling thread (chunks are not copied: each frame carries the
   * request's buffer) and writes it in one task on the link's event loop, with one flush.
   */
  @Override
  public void submit(List<? extends GuestRequest> requests) {
    for (GuestRequest request : requests) {
      if (request.opening() != null) {
        liveFlows.put(request.flowId(), request.opening());
      }
    }
    ChildProcess child = current;
    Channel channel = child == null || child.lost ? null : child.channel;
    if (closed || channel == null) {
      turnAway(requests, closed ? "the child JVM guest is closed"
          : "the child JVM guest is restarting");
      return;
    }
    List<ByteBuf> frames = new ArrayList<>(requests.size());
    for (GuestRequest request : requests) {
      long requestId = requestIds.incrementAndGet();
      pending.put(requestId, request);
      Flow opening = request.opening();
      frames.add(opening != null ? GuestProtocol.open(channel.alloc(), requestId, opening)
          : GuestProtocol.chunk(channel.alloc(), requestId, request.flowId(), request.data()));
    }
    if (child.lost) {
      // Lost while framing: the loss handler may have missed these requests.
      frames.forEach(ByteBuf::release);
      answerLost(new GuestUnavailable("the child JVM guest is restarting"));
      return;
    }
    try {
      channel.eventLoop().execute(() -> {
        for (ByteBuf frame : frames) {
          channel.write(frame, channel.voidPromise());
        }
        channel.flush();
      });
    } catch (RejectedExecutionException e) {
      frames.forEach(ByteBuf::release);
      answerLost(new GuestUnavailable("the child JVM guest is closed"));
    }
  }

  private static void turnAway(List<? extends GuestRequest> requests, String why) {
    GuestUnavailable unavailable = new GuestUnavailable(why);
    for (GuestRequest request : requests) {
      if (request.data() != null) {
        request.data().release();
      }
      request.answer(null, unavailable);
    }
  }

  /** Answers every request still waiting for the child: it will never answer them now. */
  private void answerLost(GuestUnavailable unavailable) {
    for (Long requestId : List.copyOf(pending.keySet())) {
      GuestRequest request = pending.remove(requestId);
      if (request != null) {
        request.answer(null, unavailable);
      }
    }
  }

  @Override
  public void close(long flowId) {
    liveFlows.remove(flowId);
    ChildProcess child = current;
    Channel channel = child == null ? null : child.channel;
    if (channel != null && !child.lost) {
      channel.writeAndFlush(GuestProtocol.close(channel.alloc(), flowId), channel.voidPromise());
    }
  }

  @Override
  public long restarts() {
    return restarts.get();
  }

  @Override
  public void close() {
    closed = true;
    ChildProcess child = current;
    if (child != null) {
      lost(child, "the guest was closed");
      // destroyForcibly only sends SIGKILL: close returns once the child JVM is gone.
      child.process.onExit().join();
    }
    server.close().awaitUninterruptibly();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(directory.resolve("guest.log"));
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // A leftover temporary file is harmless; the guest is closed either way.
    }
  }

  /** One child JVM's life: its process, its connection once made, when it was last heard. */
  private static final class ChildProcess {
    final Process process;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    volatile Channel channel;
    volatile long lastHeard;
    volatile boolean lost;

    ChildProcess(Process process) {
      this.process = process;
      this.lastHeard = System.nanoTime();
    }
  }
}

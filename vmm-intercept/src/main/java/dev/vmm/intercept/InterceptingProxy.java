package dev.vmm.intercept;

import dev.vmm.intercept.internal.ProxyServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A ready host: a TCP proxy that forwards each accepted connection to a backend through an
 * {@link Interceptor}. What a client sends passes the module chain first; what the backend sends
 * back goes to the client uninspected.
 *
 * <pre>{@code
 * try (InterceptingProxy proxy = InterceptingProxy.start(
 *     new InetSocketAddress("127.0.0.1", 8080), new InetSocketAddress("127.0.0.1", 9000),
 *     List.of(ModuleSpec.of("match", Map.of("patterns", "DROP TABLE"))))) {
 *   ...
 * }
 * }</pre>
 */
public final class InterceptingProxy implements AutoCloseable {
  /** The default listen address: loopback, port 8080. */
  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
  /** The default backend address: loopback, port 8081. */
  public static final InetSocketAddress DEFAULT_BACKEND =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8081);

  private final Interceptor interceptor;
  private final ProxyServer server;

  private InterceptingProxy(Interceptor interceptor, ProxyServer server) {
    this.interceptor = interceptor;
    this.server = server;
  }

  /**
   * Starts a proxy with an in-process guest and the default policies: the one call behind
   * {@code vmm serve}.
   *
   * @param listen where clients connect
   * @param backend where connections are forwarded
   * @param chain the modules, in order
   * @return the running proxy
   * @throws IllegalArgumentException for an unknown module or bad options
   * @throws IllegalStateException if the listen address cannot be bound
   */
  public static InterceptingProxy start(InetSocketAddress listen, InetSocketAddress backend,
      List<ModuleSpec> chain) {
    return builder().listen(listen).backend(backend)
        .interceptor(Interceptor.builder().listener("proxy").modules(chain)).start();
  }

  /**
   * Returns a builder: {@link #DEFAULT_LISTEN}, {@link #DEFAULT_BACKEND}, an interceptor with an
   * empty chain, one event loop thread per core.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the proxy listens on (with the real port when bound to port 0).
   *
   * @return the bound address
   */
  public InetSocketAddress localAddress() {
    return server.localAddress();
  }

  /**
   * Returns the interceptor's counters.
   *
   * @return the metrics, or all zero for a proxy built with {@link Builder#withoutInterception()}
   */
  public InterceptMetrics metrics() {
    return interceptor.metrics();
  }

  /**
   * Returns the proxy's interceptor: metrics and the guest's process.
   *
   * @return the interceptor the proxy owns
   */
  public Interceptor interceptor() {
    return interceptor;
  }

  /** Stops accepting, closes every connection and stops the guest. */
  @Override
  public void close() {
    server.close();
    interceptor.close();
  }

  /** Configures an {@link InterceptingProxy}. */
  public static final class Builder {
    private InetSocketAddress listen = DEFAULT_LISTEN;
    private InetSocketAddress backend = DEFAULT_BACKEND;
    private Supplier<Interceptor> interceptor = Interceptor.builder().listener("proxy")::build;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private boolean intercept = true;

    private Builder() {}

    /**
     * Sets where clients connect; port 0 picks a free port.
     *
     * @param address the listen address
     * @return this builder
     */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "listen");
      return this;
    }

    /**
     * Sets where connections are forwarded.
     *
     * @param address the backend address
     * @return this builder
     */
    public Builder backend(InetSocketAddress address) {
      this.backend = Objects.requireNonNull(address, "backend");
      return this;
    }

    /**
     * Sets the interception: chain, placement, policies. The proxy builds and owns it.
     *
     * @param builder a configured interceptor builder
     * @return this builder
     */
    public Builder interceptor(Interceptor.Builder builder) {
      this.interceptor = Objects.requireNonNull(builder, "interceptor")::build;
      return this;
    }

    /**
     * Serves through an interceptor built already (for example by a Dagger component); the proxy
     * owns it from {@link #start()} on and closes it, also when starting fails.
     *
     * @param built the interceptor
     * @return this builder
     */
    public Builder interceptor(Interceptor built) {
      Objects.requireNonNull(built, "interceptor");
      this.interceptor = () -> built;
      return this;
    }

    /**
     * Sets how many event loop threads serve connections.
     *
     * @param count at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder eventLoopThreads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("eventLoopThreads must be at least 1, was " + count);
      }
      this.threads = count;
      return this;
    }

    /**
     * Forwards without the interception handler: the same proxy, as a baseline to measure what
     * interception costs.
     *
     * @return this builder
     */
    public Builder withoutInterception() {
      this.intercept = false;
      return this;
    }

    /**
     * Starts the guest and binds the listen address.
     *
     * @return the running proxy
     * @throws IllegalArgumentException for an unknown module or bad options
     * @throws IllegalStateException if the listen address cannot be bound or a child JVM guest
     *     does not start
     */
    public InterceptingProxy start() {
      Interceptor built = interceptor.get();
      try {
        ProxyServer server = new ProxyServer(listen, backend, threads,
            intercept ? built::newHandler : null);
        return new InterceptingProxy(built, server);
      } catch (RuntimeException e) {
        built.close();
        throw e;
      }
    }
  }
}

package dev.vmm.cli.internal;

import dev.vmm.core.Vmm;
import dev.vmm.intercept.FailurePolicy;
import dev.vmm.intercept.ChainPlacement;
import dev.vmm.intercept.InterceptMetrics;
import dev.vmm.intercept.InterceptingProxy;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.dagger.InterceptSettings;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code vmm serve}: a TCP proxy whose every connection passes through a chain of guest modules.
 *
 * <p>It runs until the JVM is asked to stop (Ctrl-C: a shutdown hook closes the proxy and prints
 * the final metrics) or the thread running it is interrupted, which is how an embedding host or a
 * test stops it.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a TCP proxy: accepts connections on --listen, forwards each to --backend, and passes"
          + " every chunk a client sends through the --module chain running in a guest first;"
          + " only what the modules return reaches the backend. Prints 'listening on HOST:PORT'"
          + " once ready, and the metrics (counts per verdict, p50/p99 latency) on exit and every"
          + " --metrics-every. Runs until interrupted (Ctrl-C).",
    },
    sortOptions = false)
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand VmmCommand root;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      converter = AddressConverter.class,
      description = "Where clients connect (port 0: any free port). Default: ${DEFAULT-VALUE}.")
  InetSocketAddress listen;

  @Option(names = "--backend", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
      converter = AddressConverter.class,
      description = "Where accepted connections are forwarded. Default: ${DEFAULT-VALUE}.")
  InetSocketAddress backend;

  @Option(names = "--module", paramLabel = "SPEC",
      description = "A guest module, 'name' or 'name:key=value;key=value' (repeatable, in chain"
          + " order), for example 'firewall:deny=10.0.0.0/8' or 'match:patterns=evil;action=close'."
          + " Default: pass.")
  List<String> modules = new ArrayList<>();

  @Option(names = "--placement", paramLabel = "WHERE", defaultValue = "in-process",
      description = "Where the guest runs: in-process (a vmm guest in this JVM) or child-jvm."
          + " Default: ${DEFAULT-VALUE}.")
  String placement;

  @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "50ms",
      converter = DurationConverter.class,
      description = "How long the guest may take per chunk before the failure policy decides"
          + " (500us, 50ms, 2s). Default: ${DEFAULT-VALUE}.")
  Duration deadline;

  @Option(names = "--fail-open",
      description = "A slow, failing or dead guest passes the chunk (the default).")
  boolean failOpen;

  @Option(names = "--fail-closed",
      description = "A slow, failing or dead guest closes the connection.")
  boolean failClosed;

  @Option(names = "--metrics-every", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Also print the metrics this often (1s, 500ms); default: only on exit.")
  Duration metricsEvery;

  @Override
  public Integer call() throws InterruptedException {
    if (failOpen && failClosed) {
      throw new ParameterException(spec.commandLine(),
          "--fail-open and --fail-closed exclude each other; give one");
    }
    List<ModuleSpec> chain = chain();
    ServeComponent component = root.component().serve().create(
        new InterceptSettings("serve", chain, placement(), deadline,
            failClosed ? FailurePolicy.FAIL_CLOSED : FailurePolicy.FAIL_OPEN),
        new ProxyAddresses(listen, backend));
    Vmm vmm = component.vmm();
    try {
      return serve(component, chain);
    } finally {
      vmm.close();
    }
  }

  /** Runs the proxy until stopped; the component's VMM outlives it. */
  private int serve(ServeComponent component, List<ModuleSpec> chain) throws InterruptedException {
    PrintStream out = root.console().out();
    InterceptingProxy proxy;
    try {
      proxy = component.proxy();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      awaitQuietly(stopped);
    }, "vmm-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "vmm-serve-metrics");
      thread.setDaemon(true);
      return thread;
    });
    boolean interrupted = false;
    try {
      InetSocketAddress bound = proxy.localAddress();
      out.println("listening on " + bound.getAddress().getHostAddress() + ":" + bound.getPort()
          + ", forwarding to " + backend.getHostString() + ":" + backend.getPort() + " through "
          + chain.stream().map(ModuleSpec::name).toList() + " (" + placement + ", deadline "
          + deadline.toMillis() + " ms, " + (failClosed ? "fail-closed" : "fail-open") + ")");
      if (metricsEvery != null) {
        long every = metricsEvery.toNanos();
        ticker.scheduleAtFixedRate(() -> out.println(describe("metrics", proxy.metrics())),
            every, every, TimeUnit.NANOSECONDS);
      }
      stop.await();
    } catch (InterruptedException e) {
      // Interrupting the serving thread is how an embedding host stops it: a clean exit.
      interrupted = true;
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      InterceptMetrics last = proxy.metrics();
      proxy.close();
      out.println(describe("final metrics", last));
      out.flush();
      stopped.countDown();
      removeHook(hook);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private List<ModuleSpec> chain() {
    List<String> texts = modules.isEmpty() ? List.of("pass") : modules;
    List<ModuleSpec> chain = new ArrayList<>(texts.size());
    for (String text : texts) {
      try {
        chain.add(ModuleSpec.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--module: " + e.getMessage(), e);
      }
    }
    return chain;
  }

  private ChainPlacement placement() {
    return switch (placement) {
      case "in-process" -> ChainPlacement.inProcess();
      case "child-jvm" -> ChainPlacement.childJvm();
      default -> throw new ParameterException(spec.commandLine(), "--placement must be"
          + " in-process or child-jvm, was '" + placement + "'");
    };
  }

  /** One line: every verdict's count, then the latency percentiles in microseconds. */
  static String describe(String what, InterceptMetrics metrics) {
    StringBuilder line = new StringBuilder(what).append(": total=").append(metrics.total());
    for (Outcome outcome : Outcome.values()) {
      line.append(' ').append(outcome.name().toLowerCase(Locale.ROOT)).append('=')
          .append(metrics.count(outcome));
    }
    return line.append(String.format(Locale.ROOT, " p50=%.1fus p99=%.1fus",
        metrics.p50Nanos() / 1e3, metrics.p99Nanos() / 1e3)).toString();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is what stopped us.
    }
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT}; the host is resolved once. */
  static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("'" + value + "' is not HOST:PORT");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' has no numeric port");
      }
      if (port < 0 || port > 65535) {
        throw new TypeConversionException("port " + port + " in '" + value
            + "' is not 0 to 65535");
      }
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new TypeConversionException("host '" + host + "' in '" + value
            + "' does not resolve");
      }
      return address;
    }
  }

  /** A positive duration: {@code 500us}, {@code 50ms}, {@code 2s}, or ISO-8601 ({@code PT2S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration duration;
      try {
        duration = parse(value.strip().toLowerCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value
            + "' is not a duration such as 500us, 50ms or 2s");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return duration;
    }

    private static Duration parse(String text) {
      if (text.startsWith("pt")) {
        return Duration.parse(text);
      } else if (text.endsWith("us")) {
        return Duration.ofNanos(Math.multiplyExact(number(text, 2), 1000L));
      } else if (text.endsWith("ms")) {
        return Duration.ofMillis(number(text, 2));
      } else if (text.endsWith("s")) {
        return Duration.ofSeconds(number(text, 1));
      }
      throw new IllegalArgumentException(text);
    }

    private static long number(String text, int unitLength) {
      return Long.parseLong(text.substring(0, text.length() - unitLength));
    }
  }
}

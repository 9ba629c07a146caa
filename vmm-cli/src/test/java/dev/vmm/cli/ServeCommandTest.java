package dev.vmm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
  private static final Pattern LISTENING = Pattern.compile("listening on ([^ ]+):(\\d+),");

  /** {@code vmm serve} on its own thread, stopped by interrupting that thread. */
  static final class Serving implements AutoCloseable {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final Thread thread;

    Serving(String... args) {
      List<String> command = new ArrayList<>(List.of("serve"));
      command.addAll(List.of(args));
      thread = new Thread(() -> exit.complete(VmmMain.execute(
          new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), command.toArray(String[]::new))),
          "test-serve");
      thread.start();
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    /** The port it listens on, once it says so. */
    int port() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Matcher matcher = LISTENING.matcher(out());
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(2));
        }
        if (exit.isDone()) {
          break;
        }
        Thread.sleep(10);
      }
      throw new AssertionError("vmm serve never said where it listens; out: " + out() + " err: "
          + err.toString(StandardCharsets.UTF_8));
    }

    int stop() throws Exception {
      thread.interrupt();
      return exit.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      thread.interrupt();
      exit.orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  /** Accepts one connection, reads {@code expected} bytes, echoes them back. */
  static CompletableFuture<String> echoOnce(ServerSocket server, int expected) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = server.accept()) {
        byte[] bytes = socket.getInputStream().readNBytes(expected);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
        socket.getInputStream().readAllBytes();
        return new String(bytes, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Nested
  class Proxying {
    @Test
    void forwardsWhatTheChainReturnsAndPrintsMetricsOnExit() throws Exception {
      try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Serving serve = new Serving("--listen", "127.0.0.1:0",
              "--backend", "127.0.0.1:" + backend.getLocalPort(),
              "--module", "rewrite:find=cat;replace=dog", "--fail-closed", "--deadline", "20s")) {
        CompletableFuture<String> received = echoOnce(backend, 9);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
          client.setSoTimeout(30_000);
          client.getOutputStream().write("a cat sat".getBytes(StandardCharsets.UTF_8));
          byte[] echoed = client.getInputStream().readNBytes(9);

          assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("a dog sat");
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo("a dog sat");

        assertThat(serve.stop()).isZero();
        assertThat(serve.out()).contains("through [rewrite] (in-process, deadline 20000 ms,"
            + " fail-closed)");
        assertThat(serve.out()).containsPattern(
            "final metrics: total=2 pass=1 replace=1 drop=0 close=0 reply=0 module_error=0"
                + " timeout=0 guest_unavailable=0 p50=[0-9.]+us p99=[0-9.]+us");
      }
    }

    @Test
    void aChildJvmGuestServesTooAndEndsWithTheCommand() throws Exception {
      try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Serving serve = new Serving("--listen", "127.0.0.1:0",
              "--backend", "127.0.0.1:" + backend.getLocalPort(), "--placement", "child-jvm",
              "--deadline", "20s")) {
        CompletableFuture<String> received = echoOnce(backend, 5);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
          client.setSoTimeout(30_000);
          client.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));

          assertThat(client.getInputStream().readNBytes(5)).asString(StandardCharsets.UTF_8)
              .isEqualTo("hello");
        }
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(serve.stop()).isZero();
        assertThat(serve.out()).contains("through [pass] (child-jvm,")
            .contains("final metrics: total=2 pass=2");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
            .as("the child JVM is gone").isEmpty();
      }
    }

    @Test
    void printsMetricsPeriodicallyWhenAsked() throws Exception {
      try (Serving serve = new Serving("--listen", "127.0.0.1:0", "--metrics-every", "1ms")) {
        serve.port();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!serve.out().contains("\nmetrics: total=0") && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }

        assertThat(serve.out()).contains("\nmetrics: total=0");
        assertThat(serve.stop()).isZero();
        assertThat(serve.out()).contains("final metrics: total=0");
      }
    }
  }

  @Nested
  class BadInput {
    @Test
    void badOptionsAreUsageErrorsNamingTheValue() {
      assertThat(VmmMainTest.vmm("serve", "--placement", "moon").err()).contains("'moon'");
      assertThat(VmmMainTest.vmm("serve", "--listen", "nowhere").err()).contains("'nowhere'");
      assertThat(VmmMainTest.vmm("serve", "--deadline", "0ms").err()).contains("'0ms'");
      assertThat(VmmMainTest.vmm("serve", "--fail-open", "--fail-closed").err())
          .contains("exclude each other");
      assertThat(VmmMainTest.vmm("serve", "--listen", "127.0.0.1:0", "--module", "nosuch").err()).contains("'nosuch'");
      assertThat(VmmMainTest.vmm("serve", "--placement", "moon").exitCode()).isEqualTo(2);
    }
  }
}

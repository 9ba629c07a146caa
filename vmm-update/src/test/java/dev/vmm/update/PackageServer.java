package dev.vmm.update;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Serves one package file on loopback with the JDK's HttpServer (or HttpsServer), honouring {@code Range: bytes=N-}
 * with 206; the first {@code drops} responses without a Range stop after half the file, as a
 * dropped connection would. Paused, the first whole-file response waits after half the file until
 * {@link #resume()}, so a client can be killed with exactly that much in hand.
 */
final class PackageServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final String scheme;
  private final byte[] content;
  private int dropsLeft;
  private volatile boolean ignoreRanges;
  private volatile java.util.concurrent.CountDownLatch pause;
  private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
  final List<String> ranges = Collections.synchronizedList(new ArrayList<>());

  PackageServer(Path file, int drops) throws IOException {
    this(file, drops, null);
  }

  /** Serves over https with this server context, or plain http when it is null. */
  PackageServer(Path file, int drops, SSLContext tls) throws IOException {
    this.content = Files.readAllBytes(file);
    this.dropsLeft = drops;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      this.server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.server = https;
    }
    this.scheme = tls == null ? "http" : "https";
    server.createContext("/update.vmmpkg", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers every request with the whole file, as a server without Range support does. */
  void ignoreRanges() {
    ignoreRanges = true;
  }

  void pauseFirstDownloadAtHalf() {
    pause = released;
  }

  void resume() {
    released.countDown();
  }

  URI uri() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/update.vmmpkg");
  }

  private void serve(HttpExchange exchange) throws IOException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    ranges.add(range == null ? "none" : range);
    try (exchange) {
      Matcher m = range == null || ignoreRanges ? null : RANGE.matcher(range);
      if (m != null && m.matches()) {
        int from = Integer.parseInt(m.group(1));
        exchange.getResponseHeaders().add("Content-Range",
            "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        exchange.sendResponseHeaders(206, content.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(content, from, content.length - from);
        }
        return;
      }
      exchange.sendResponseHeaders(200, content.length);
      OutputStream out = exchange.getResponseBody();
      boolean drop;
      synchronized (this) {
        drop = dropsLeft > 0;
        dropsLeft--;
      }
      if (drop) {
        out.write(content, 0, content.length / 2);
        out.flush();
        // Closing short of the declared length makes the server drop the connection.
        return;
      }
      java.util.concurrent.CountDownLatch paused = pause;
      if (paused != null) {
        pause = null;
        out.write(content, 0, content.length / 2);
        out.flush();
        try {
          paused.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(content, content.length / 2, content.length - content.length / 2);
      } else {
        out.write(content);
      }
      out.close();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}

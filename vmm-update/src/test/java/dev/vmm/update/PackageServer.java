package dev.vmm.update;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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

/**
 * Serves one package file on loopback with the JDK's HttpServer, honouring {@code Range: bytes=N-}
 * with 206; the first {@code dropAfter} responses without a Range stop after half the file, as a
 * dropped connection would.
 */
final class PackageServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final byte[] content;
  private int dropsLeft;
  final List<String> ranges = Collections.synchronizedList(new ArrayList<>());

  PackageServer(Path file, int drops) throws IOException {
    this.content = Files.readAllBytes(file);
    this.dropsLeft = drops;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/update.vmmpkg", this::serve);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/update.vmmpkg");
  }

  private void serve(HttpExchange exchange) throws IOException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    ranges.add(range == null ? "none" : range);
    try (exchange) {
      Matcher m = range == null ? null : RANGE.matcher(range);
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
      out.write(content);
      out.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

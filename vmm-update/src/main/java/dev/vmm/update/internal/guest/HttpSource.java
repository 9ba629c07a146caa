package dev.vmm.update.internal.guest;

import dev.vmm.update.GuestUpdatePhase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * One package at an http(s) URL, downloaded with the JDK's {@link HttpClient} into
 * {@code home/download/}. An interrupted download (a dropped connection, a killed process) keeps
 * its bytes in {@code package.part}; the next attempt asks for the rest with a {@code Range}
 * request, and starts over only if the server answers with the whole file instead of
 * {@code 206 Partial Content} from that offset. The partial file belongs to one URL
 * ({@code download/url}); another URL starts from nothing. An https server must chain to the
 * certificates of {@link dev.vmm.update.GuestUpdater#TLS_TRUST} when that is set, else to the
 * JVM's default trust store.
 */
final class HttpSource implements PackageSource {
  /** A server that sends more than this is not sending a package this updater could use. */
  static final long MAX_DOWNLOAD = 8L << 30;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final URI uri;
  private final Path directory;
  private final Path part;
  private final Path complete;
  private final ProgressReporter progress;
  private final HttpClient client;
  private final UpdaterProbe probe;
  private boolean handled;

  HttpSource(URI uri, Path home, SSLContext tls, ProgressReporter progress, UpdaterProbe probe) {
    this.probe = probe;
    this.uri = uri;
    this.directory = home.resolve("download");
    this.part = directory.resolve("package.part");
    this.complete = directory.resolve("package");
    this.progress = progress;
    HttpClient.Builder client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      client.sslContext(tls);
    }
    this.client = client.build();
  }

  @Override
  public Path next() throws IOException, InterruptedException {
    if (handled) {
      return null;
    }
    if (Files.isRegularFile(complete)) {
      return complete;
    }
    Files.createDirectories(directory);
    Path urlFile = directory.resolve("url");
    if (!Files.isRegularFile(urlFile) || !Files.readString(urlFile).equals(uri.toString())) {
      Files.deleteIfExists(part);
      Files.writeString(urlFile, uri.toString(), StandardCharsets.UTF_8);
    }
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      long total;
      boolean append;
      if (response.statusCode() == 206) {
        Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        if (!range.matches() || Long.parseLong(range.group(1)) != have) {
          throw new IOException(uri + " answered a Range request for bytes " + have + "- with Content-Range '"
              + response.headers().firstValue("Content-Range").orElse("") + "'");
        }
        total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
        append = true;
      } else if (response.statusCode() == 200) {
        total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        append = false;
        have = 0;
      } else if (response.statusCode() == 416 && have > 0) {
        Files.delete(part);
        return null;
      } else {
        throw new IOException(uri + " answered HTTP " + response.statusCode());
      }
      if (total > MAX_DOWNLOAD) {
        throw new IOException(uri + " offers " + total + " bytes, more than the " + MAX_DOWNLOAD + " an update may have");
      }
      have = copy(body, append, have, total);
      if (have > MAX_DOWNLOAD) {
        Files.delete(part);
        throw new IOException(uri + " sent more than the " + MAX_DOWNLOAD + " bytes an update may have");
      }
      if (total >= 0 && have < total) {
        return null;
      }
    }
    Files.move(part, complete, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return complete;
  }

  private long copy(InputStream body, boolean append, long have, long total) throws IOException {
    byte[] buffer = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      progress.progress(GuestUpdatePhase.DOWNLOADING, have, total);
      for (int n; have <= MAX_DOWNLOAD && (n = body.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        out.flush();
        have += n;
        progress.progress(GuestUpdatePhase.DOWNLOADING, have, total);
        probe.reached("downloaded " + have);
      }
    } catch (IOException interrupted) {
      // The bytes so far stay in package.part; the next look resumes after them.
      progress.phase(GuestUpdatePhase.DOWNLOADING, "interrupted at " + have + " bytes: " + interrupted.getMessage());
    }
    return have;
  }

  @Override
  public void done(Path pkg) throws IOException {
    Files.deleteIfExists(complete);
    handled = true;
  }
}

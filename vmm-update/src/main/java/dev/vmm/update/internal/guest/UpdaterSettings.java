package dev.vmm.update.internal.guest;

import dev.vmm.update.GuestUpdater;
import dev.vmm.update.TrustRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The updater's configuration, from its guest's settings ({@link GuestUpdater}'s keys). */
record UpdaterSettings(Path home, Path sourceDir, URI sourceUrl, Duration poll, TrustRoot trust,
    SSLContext tls) {
  static UpdaterSettings from(Map<String, String> settings) throws IOException {
    String home = settings.get(GuestUpdater.HOME);
    if (home == null || home.isBlank()) {
      throw new IllegalArgumentException("the updater needs the setting " + GuestUpdater.HOME);
    }
    String dir = settings.get(GuestUpdater.SOURCE_DIR);
    String url = settings.get(GuestUpdater.SOURCE_URL);
    if ((dir == null) == (url == null)) {
      throw new IllegalArgumentException("the updater needs exactly one of " + GuestUpdater.SOURCE_DIR + " and "
          + GuestUpdater.SOURCE_URL + "; it has " + (dir == null ? "neither" : "both"));
    }
    URI uri = url == null ? null : URI.create(url);
    if (uri != null && !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(GuestUpdater.SOURCE_URL + " must be http or https: " + url);
    }
    String poll = settings.getOrDefault(GuestUpdater.POLL_MILLIS, "500");
    long millis;
    try {
      millis = Long.parseLong(poll);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(GuestUpdater.POLL_MILLIS + " is not a number of milliseconds: " + poll, e);
    }
    if (millis < 1) {
      throw new IllegalArgumentException(GuestUpdater.POLL_MILLIS + " must be positive: " + millis);
    }
    String trust = settings.get(GuestUpdater.TRUST);
    TrustRoot root = null;
    if (trust != null && !trust.isBlank()) {
      List<Path> files = Arrays.stream(trust.split(",")).map(String::strip).map(Path::of).toList();
      root = TrustRoot.load(1, files);
    }
    String tlsTrust = settings.get(GuestUpdater.TLS_TRUST);
    SSLContext tls = tlsTrust == null || tlsTrust.isBlank() ? null : tlsTrusting(Path.of(tlsTrust));
    return new UpdaterSettings(Path.of(home), dir == null ? null : Path.of(dir), uri, Duration.ofMillis(millis),
        root, tls);
  }

  /** A TLS context that trusts exactly the certificates of a PEM file. */
  private static SSLContext tlsTrusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        anchors.setCertificateEntry("anchor-" + n++, certificate);
      }
      if (n == 0) {
        throw new IllegalArgumentException(GuestUpdater.TLS_TRUST + " names " + pem + ", which holds no certificate");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(GuestUpdater.TLS_TRUST + " names " + pem
          + ", which is not a PEM file of X.509 certificates: " + e.getMessage(), e);
    }
  }
}

package dev.vmm.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/** Keys, payloads and packages for tests, all under one temporary directory. */
final class TestPackages {
  static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Instant EXPIRY = NOW.plusSeconds(3600);

  final Path dir;
  final SigningKey key;
  final TrustRoot trustRoot;
  private int files;

  TestPackages(Path dir) {
    this.dir = dir;
    try {
      this.key = SigningKey.generate(dir.resolve("release.key"), dir.resolve("release.pub"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.trustRoot = TrustRoot.of(1, List.of(key.trustedKey()));
  }

  SigningKey otherKey(String name) throws IOException {
    return SigningKey.generate(dir.resolve(name + ".key"), dir.resolve(name + ".pub"));
  }

  Path randomFile(int length, long seed) throws IOException {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return write(bytes);
  }

  Path write(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("file-" + files++), bytes);
  }

  Path newPath(String name) {
    return dir.resolve(name + "-" + files++);
  }

  /** A package with a random VMM payload and two extensions, signed by {@link #key}. */
  Path package_(String vmmVersion, int vmmLength) throws IOException {
    return write(builder(vmmVersion, randomFile(vmmLength, vmmLength)));
  }

  Path write(PackageBuilder builder) throws IOException {
    Path file = newPath("package");
    builder.writeTo(file);
    return file;
  }

  PackageBuilder builder(String vmmVersion, Path vmmPayload) throws IOException {
    return UpdatePackage.builder()
        .vmm(UpdateVersion.parse(vmmVersion), vmmPayload)
        .extension("updater", UpdateVersion.parse("1.0.1"), randomFile(300, 1))
        .extension("net-source", UpdateVersion.parse("2.0.0"), randomFile(200, 2))
        .expiresAt(EXPIRY)
        .signedBy(key);
  }
}

package dev.vmm.update.internal;

import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.UpdateRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The {@code versions/} directory: one directory per installed version, named
 * {@code <version>-<first 12 hex digits of its manifest digest>}, holding the signed header it came
 * from ({@code header.bin}) and its jars ({@code jars/}). A version directory appears whole or not
 * at all: it is unpacked under a {@code .tmp} name, synced, and renamed into place.
 */
public final class VersionDirectories {
  private static final Pattern VERSION_NAME = Pattern.compile("\\d{1,10}\\.\\d{1,10}\\.\\d{1,10}-[0-9a-f]{12}");
  private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");
  static final String TEMPORARY_SUFFIX = ".tmp";
  public static final String HEADER_FILE = "header.bin";
  public static final String JARS = "jars";
  private static final int MAX_JARS = 256;
  /** Bound on what a payload unpacks to, whatever its zip headers claim: a zip bomb stops here. */
  private static final long MAX_UNPACKED_BYTES = 4L << 30;

  private final Path root;

  public VersionDirectories(Path root) throws IOException {
    this.root = Files.createDirectories(root);
  }

  public static boolean isVersionName(String name) {
    return name != null && VERSION_NAME.matcher(name).matches();
  }

  public static String nameOf(PackageManifest manifest, String manifestDigest) {
    return manifest.vmm().version() + "-" + manifestDigest.substring(0, 12);
  }

  public Path path(String name) {
    if (!isVersionName(name)) {
      throw new IllegalArgumentException("'" + ExtensionNames.printable(name) + "' is not a version name");
    }
    return root.resolve(name);
  }

  /**
   * Unpacks a staged payload into a new version directory.
   *
   * @throws UpdateRejectedException if the payload is not a zip of well-named jars within bounds
   */
  public Path unpack(String name, Path payload, byte[] signedHeader) throws IOException, UpdateRejectedException {
    Path target = path(name);
    Path temporary = root.resolve(name + TEMPORARY_SUFFIX);
    AtomicFiles.deleteTree(temporary);
    AtomicFiles.deleteTree(target);
    Files.createDirectories(temporary.resolve(JARS));
    try {
      extractJars(payload, temporary.resolve(JARS));
      Files.write(temporary.resolve(HEADER_FILE), signedHeader);
      AtomicFiles.syncFile(temporary.resolve(HEADER_FILE));
      AtomicFiles.syncDirectory(temporary.resolve(JARS));
      AtomicFiles.syncDirectory(temporary);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncDirectory(root);
    } finally {
      AtomicFiles.deleteTree(temporary);
    }
    return target;
  }

  private static void extractJars(Path payload, Path jars) throws IOException, UpdateRejectedException {
    try (ZipFile zip = new ZipFile(payload.toFile())) {
      Set<String> names = new HashSet<>();
      long unpacked = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !JAR_NAME.matcher(name).matches()) {
          throw new UpdateRejectedException(Rejection.BAD_PAYLOAD, "VMM payload entry '" + ExtensionNames.printable(name)
              + "' is not a top-level jar named [A-Za-z0-9][A-Za-z0-9._-]*.jar");
        }
        if (!names.add(name) || names.size() > MAX_JARS) {
          throw new UpdateRejectedException(Rejection.BAD_PAYLOAD, "VMM payload entry '" + name
              + "' is a duplicate or beyond the limit of " + MAX_JARS + " jars");
        }
        Path file = jars.resolve(name);
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n; (n = in.read(buffer)) > 0; ) {
            unpacked += n;
            if (unpacked > MAX_UNPACKED_BYTES) {
              throw new UpdateRejectedException(Rejection.BAD_PAYLOAD,
                  "VMM payload unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
          }
        }
        AtomicFiles.syncFile(file);
      }
      if (names.isEmpty()) {
        throw new UpdateRejectedException(Rejection.BAD_PAYLOAD, "VMM payload holds no jar");
      }
    } catch (ZipException e) {
      throw new UpdateRejectedException(Rejection.BAD_PAYLOAD, "VMM payload is not a zip file: " + e.getMessage());
    }
  }

  /** The jars of a version, sorted by name. */
  public List<Path> jars(String name) throws IOException {
    try (Stream<Path> files = Files.list(path(name).resolve(JARS))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    }
  }

  public byte[] header(String name) throws IOException {
    return Files.readAllBytes(path(name).resolve(HEADER_FILE));
  }

  public void delete(String name) throws IOException {
    AtomicFiles.deleteTree(path(name));
  }

  /** Deletes every entry but the named versions: half-unpacked {@code .tmp} trees and abandoned versions. */
  public List<String> deleteAllBut(Set<String> keep) throws IOException {
    List<String> deleted = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!keep.contains(name)) {
          AtomicFiles.deleteTree(entry);
          deleted.add(name);
        }
      }
    }
    return deleted;
  }
}

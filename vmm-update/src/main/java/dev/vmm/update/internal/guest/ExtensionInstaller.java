package dev.vmm.update.internal.guest;

import dev.vmm.update.ExtensionPart;
import dev.vmm.update.PackageManifest;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateVersion;
import dev.vmm.update.internal.AtomicFiles;
import dev.vmm.update.internal.ExtensionPayloads;
import dev.vmm.update.internal.SignedHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The guest's installed extensions and their all-or-nothing update:
 *
 * <pre>
 * home/extensions/NAME/{version,payload}   installed
 * home/apply/header.bin                    the package being applied
 * home/apply/new/NAME/...                  staged and verified, not switched yet
 * home/apply/old/NAME/...                  the version a switch moved aside
 * home/apply/switching                     every extension is staged: switches may have begun
 * home/apply/switched                      every extension is switched: the new set is whole
 * </pre>
 *
 * <p>Staging is copying then the check of {@code PackageVerifier.verifyExtension}; switching one extension is two
 * renames (installed to {@code old}, {@code new} to installed). Until {@code switched} exists a
 * crash or failure is undone by {@link #rollBack}: any extension whose {@code new} is gone was
 * switched, so its installed copy goes and its {@code old} comes back. After {@code switched} the
 * new set stays, unless the VMM does not commit, which rolls back the same way.
 */
final class ExtensionInstaller {
  private final Path installed;
  private final Path apply;
  private final UpdaterProbe probe;

  ExtensionInstaller(Path home, UpdaterProbe probe) {
    this.installed = home.resolve("extensions");
    this.apply = home.resolve("apply");
    this.probe = probe;
  }

  /** The installed version of an extension, or null. */
  UpdateVersion installedVersion(String name) throws IOException {
    Path version = installed.resolve(name).resolve("version");
    return Files.isRegularFile(version) ? UpdateVersion.parse(Files.readString(version).strip()) : null;
  }

  boolean applyInProgress() {
    return Files.isDirectory(apply);
  }

  boolean switched() {
    return Files.exists(apply.resolve("switched"));
  }

  byte[] pendingHeader() throws IOException {
    Path header = apply.resolve("header.bin");
    return Files.isRegularFile(header) ? Files.readAllBytes(header) : null;
  }

  /**
   * Stages, verifies and switches every extension update of a package the VMM accepted.
   *
   * @throws UpdateRejectedException if an extension payload fails its check; nothing is switched
   */
  void apply(UpdatePackage pkg, PackageManifest manifest)
      throws IOException, UpdateRejectedException {
    AtomicFiles.deleteTree(apply);
    Files.createDirectories(apply.resolve("new"));
    Files.createDirectories(apply.resolve("old"));
    Files.createDirectories(installed);
    AtomicFiles.replace(apply.resolve("header.bin"), pkg.signedHeader());
    List<ExtensionPart> parts = manifest.extensions();
    for (ExtensionPart part : parts) {
      Path staged = apply.resolve("new").resolve(part.name());
      Files.createDirectories(staged);
      try (InputStream in = pkg.openExtensionPayload(part.name())) {
        Files.copy(in, staged.resolve("payload"), StandardCopyOption.REPLACE_EXISTING);
      }
      try (InputStream in = Files.newInputStream(staged.resolve("payload"))) {
        ExtensionPayloads.verify(manifest, part.name(), installedVersion(part.name()), in);
      }
      AtomicFiles.replace(staged.resolve("version"), part.version().toString().getBytes(StandardCharsets.UTF_8));
      probe.reached("staged " + part.name());
    }
    AtomicFiles.replace(apply.resolve("switching"), new byte[0]);
    for (ExtensionPart part : parts) {
      Path current = installed.resolve(part.name());
      if (Files.exists(current)) {
        Files.move(current, apply.resolve("old").resolve(part.name()), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(apply.resolve("new").resolve(part.name()), current, StandardCopyOption.ATOMIC_MOVE);
      probe.reached("switched " + part.name());
    }
    AtomicFiles.replace(apply.resolve("switched"), new byte[0]);
  }

  /** The new set is kept: drop the old versions and the journal. */
  void finish() throws IOException {
    AtomicFiles.deleteTree(apply);
  }

  /** Puts every extension back as it was before the apply began, and drops the journal. */
  void rollBack() throws IOException {
    if (!Files.isDirectory(apply)) {
      return;
    }
    if (Files.exists(apply.resolve("switching"))) {
      for (String name : names(apply.resolve("header.bin"))) {
        Path current = installed.resolve(name);
        Path old = apply.resolve("old").resolve(name);
        if (!Files.exists(apply.resolve("new").resolve(name))) {
          AtomicFiles.deleteTree(current);
        }
        if (Files.exists(old) && !Files.exists(current)) {
          Files.move(old, current, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }
    AtomicFiles.deleteTree(apply);
  }

  private static List<String> names(Path headerFile) throws IOException {
    try {
      return SignedHeader.decode(Files.readAllBytes(headerFile)).manifest().extensions().stream()
          .map(ExtensionPart::name).toList();
    } catch (UpdateRejectedException e) {
      throw new IOException("the apply journal's header is damaged: " + e.getMessage(), e);
    }
  }
}

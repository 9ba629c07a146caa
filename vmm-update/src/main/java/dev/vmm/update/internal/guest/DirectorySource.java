package dev.vmm.update.internal.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory the guest drops packages into, polled: a file is taken once its size is the same on
 * two looks in a row (so one still being copied in waits), oldest name first; hidden files are
 * ignored. A handled package moves to {@code done/}, so it is never offered twice.
 */
final class DirectorySource implements PackageSource {
  private final Path inbox;
  private final Path done;
  private final Map<Path, Long> lastSize = new HashMap<>();

  DirectorySource(Path inbox, Path home) {
    this.inbox = inbox;
    this.done = home.resolve("done");
  }

  @Override
  public Path next() throws IOException {
    if (!Files.isDirectory(inbox)) {
      return null;
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(inbox)) {
      files = entries.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    Map<Path, Long> sizes = new HashMap<>();
    Path ready = null;
    for (Path file : files) {
      long size = Files.size(file);
      sizes.put(file, size);
      if (ready == null && Long.valueOf(size).equals(lastSize.get(file))) {
        ready = file;
      }
    }
    lastSize.clear();
    lastSize.putAll(sizes);
    return ready;
  }

  @Override
  public void done(Path pkg) throws IOException {
    Files.createDirectories(done);
    Files.move(pkg, done.resolve(pkg.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    lastSize.remove(pkg);
  }
}

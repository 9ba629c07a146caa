package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a guest has read a directory with {@code getdents64}. The listing is taken on the first
 * read and kept until a rewind ({@code lseek} to 0), so entries added meanwhile do not appear, as
 * POSIX allows. Names are sorted, so a listing does not depend on the host file system's order.
 */
public final class DirectoryCursor {
  /**
   * One directory entry.
   *
   * @param name the name
   * @param inode the inode number the host reports, or a stand-in
   * @param type the {@code d_type}: {@code DT_DIR}, {@code DT_REG}, {@code DT_LNK} ...
   */
  public record Entry(String name, long inode, int type) {}

  private static final int DT_UNKNOWN = 0;
  private static final int DT_DIR = 4;
  private static final int DT_REG = 8;
  private static final int DT_LNK = 10;

  private final Path directory;
  private List<Entry> entries;
  private int next;

  /**
   * Creates a cursor at the start.
   *
   * @param directory the host directory
   */
  public DirectoryCursor(Path directory) {
    this.directory = directory;
  }

  /**
   * Returns the next entry without consuming it.
   *
   * @return the entry, or null at the end
   * @throws SyscallError {@code ENOENT} if the directory is gone, {@code EIO} if it cannot be read
   */
  public synchronized Entry peek() {
    if (entries == null) {
      entries = list();
    }
    return next < entries.size() ? entries.get(next) : null;
  }

  /** Consumes the entry {@link #peek()} returned. */
  public synchronized void advance() {
    next++;
  }

  /**
   * Returns the position, as the {@code d_off} of the entry just consumed.
   *
   * @return how many entries were consumed
   */
  public synchronized int position() {
    return next;
  }

  /** Starts again, with a fresh listing. */
  public synchronized void rewind() {
    entries = null;
    next = 0;
  }

  private List<Entry> list() {
    List<Entry> list = new ArrayList<>();
    list.add(new Entry(".", inode(directory), DT_DIR));
    list.add(new Entry("..", 1, DT_DIR));
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      throw new SyscallError(Files.exists(directory) ? Errno.EIO : Errno.ENOENT);
    }
    children.sort(null);
    for (Path child : children) {
      int type = Files.isSymbolicLink(child) ? DT_LNK
          : Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) ? DT_DIR
          : Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS) ? DT_REG : DT_UNKNOWN;
      list.add(new Entry(child.getFileName().toString(), inode(child), type));
    }
    return list;
  }

  private static long inode(Path path) {
    try {
      return ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS))
          .longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return path.getFileName() == null ? 2 : path.getFileName().hashCode() & 0x7FFF_FFFFL;
    }
  }
}

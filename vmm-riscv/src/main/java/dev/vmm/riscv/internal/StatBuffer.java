package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * Writes the riscv64 Linux {@code struct stat} (asm-generic, 128 bytes) into the guest.
 *
 * <p>Layout: {@code st_dev} u64 @0, {@code st_ino} u64 @8, {@code st_mode} u32 @16,
 * {@code st_nlink} u32 @20, {@code st_uid} u32 @24, {@code st_gid} u32 @28, {@code st_rdev} u64
 * @32, padding @40, {@code st_size} i64 @48, {@code st_blksize} i32 @56, padding @60,
 * {@code st_blocks} i64 @64, then {@code st_atime}, {@code st_mtime}, {@code st_ctime} as
 * seconds and nanoseconds (i64 each) @72..@119, and 8 unused bytes.
 *
 * <p>Owners read as 0: the guest runs as root of its own root directory ({@code getuid} is 0).
 */
public final class StatBuffer {
  /** The size of {@code struct stat}. */
  public static final int SIZE = 128;
  /** {@code S_IFMT}: the file type bits of {@code st_mode}. */
  public static final int S_IFMT = 0xF000;
  private static final int S_IFIFO = 0x1000;
  private static final int S_IFCHR = 0x2000;
  private static final int S_IFDIR = 0x4000;
  private static final int S_IFREG = 0x8000;
  private static final int S_IFLNK = 0xA000;
  private static final int BLOCK_SIZE = 4096;

  private StatBuffer() {}

  /**
   * Describes one of the host's standard streams: a pseudo-terminal where the host says the
   * stream is a terminal (so stdio line-buffers it, as on a shell), otherwise a pipe.
   *
   * @param guest the guest's memory
   * @param buffer where the {@code struct stat} goes
   * @param fd 0, 1 or 2
   * @param terminal whether the host says it is a terminal
   */
  public static void writeStream(GuestAccess guest, long buffer, long fd, boolean terminal) {
    guest.write(buffer, new byte[SIZE]);
    guest.store64(buffer, terminal ? 0x16 : 0xC); // st_dev: devpts, or pipefs
    guest.store64(buffer + 8, 3 + fd);
    guest.store32(buffer + 16, terminal ? S_IFCHR | 0620 : S_IFIFO | 0600);
    guest.store32(buffer + 20, 1);
    guest.store64(buffer + 32, terminal ? (136L << 8) | fd : 0); // major 136: a pty, for isatty
    guest.store32(buffer + 56, BLOCK_SIZE);
  }

  /**
   * Describes a host file, without following a final link.
   *
   * @param guest the guest's memory
   * @param buffer where the {@code struct stat} goes
   * @param host the host path
   * @throws SyscallError {@code ENOENT} if it does not exist
   */
  public static void writeFile(GuestAccess guest, long buffer, Path host) {
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(host, "unix:*", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new SyscallError(Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.EIO
          : Errno.ENOENT);
    } catch (UnsupportedOperationException e) {
      unix = Map.of();
    }
    int mode = unix.containsKey("mode") ? (Integer) unix.get("mode") : fallbackMode(host);
    long size = size(host, unix);
    byte[] zeros = new byte[SIZE];
    guest.write(buffer, zeros);
    guest.store64(buffer, number(unix, "dev", 1));
    guest.store64(buffer + 8, number(unix, "ino", host.hashCode() & 0x7FFF_FFFFL));
    guest.store32(buffer + 16, mode);
    guest.store32(buffer + 20, (int) number(unix, "nlink", 1));
    guest.store64(buffer + 48, size);
    guest.store32(buffer + 56, BLOCK_SIZE);
    guest.store64(buffer + 64, (size + 511) / 512);
    time(guest, buffer + 72, unix.get("lastAccessTime"));
    time(guest, buffer + 88, unix.get("lastModifiedTime"));
    time(guest, buffer + 104, unix.get("ctime"));
  }

  /**
   * Describes an open regular file whose path is gone (it was unlinked while open).
   *
   * @param guest the guest's memory
   * @param buffer where the {@code struct stat} goes
   * @param size the file's size
   */
  public static void writeUnlinked(GuestAccess guest, long buffer, long size) {
    guest.write(buffer, new byte[SIZE]);
    guest.store32(buffer + 16, S_IFREG | 0644);
    guest.store64(buffer + 48, size);
    guest.store32(buffer + 56, BLOCK_SIZE);
    guest.store64(buffer + 64, (size + 511) / 512);
  }

  private static int fallbackMode(Path host) {
    if (Files.isSymbolicLink(host)) {
      return S_IFLNK | 0777;
    }
    return Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS) ? S_IFDIR | 0755 : S_IFREG | 0644;
  }

  private static long size(Path host, Map<String, Object> unix) {
    if (unix.containsKey("size")) {
      return ((Number) unix.get("size")).longValue();
    }
    try {
      return Files.size(host);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long number(Map<String, Object> unix, String name, long otherwise) {
    return unix.get(name) instanceof Number n ? n.longValue() : otherwise;
  }

  private static void time(GuestAccess guest, long at, Object time) {
    if (time instanceof FileTime t) {
      java.time.Instant instant = t.toInstant();
      guest.store64(at, instant.getEpochSecond());
      guest.store64(at + 8, instant.getNano());
    }
  }
}

package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The system calls that open or inspect files by path: {@code openat}, {@code newfstatat},
 * {@code readlinkat} and {@code faccessat}, resolved by {@link GuestPaths} inside the host's
 * chosen root. Without a root there is no file system: every path is {@code ENOENT}, and
 * {@code newfstatat} serves only its {@code fstat} form.
 *
 * <p>Only directories and regular files are opened; a host device, pipe or socket inside the root
 * is {@code EACCES}, so a guest can neither block the host on a FIFO nor reach a device.
 */
public final class PathSyscalls {
  private static final int O_ACCMODE = 3;
  private static final int O_WRONLY = 1;
  private static final int O_RDWR = 2;
  private static final int O_CREAT = 0x40;
  private static final int O_EXCL = 0x80;
  private static final int O_TRUNC = 0x200;
  private static final int O_APPEND = 0x400;
  private static final int O_DIRECTORY = 0x10000;
  private static final int O_NOFOLLOW = 0x20000;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_EMPTY_PATH = 0x1000;

  private final FileTable files;
  private final FileSyscalls fdCalls;
  private final GuestPaths paths;

  /**
   * Creates the calls.
   *
   * @param files the guest's descriptors
   * @param fdCalls serves the {@code fstat} form of {@code newfstatat}
   * @param paths where the guest's paths lead
   */
  public PathSyscalls(FileTable files, FileSyscalls fdCalls, GuestPaths paths) {
    this.files = files;
    this.fdCalls = fdCalls;
    this.paths = paths;
  }

  /**
   * {@code openat(dirfd, path, flags, mode)}.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts, or {@link GuestPaths#AT_FDCWD}
   * @param pathPointer the NUL-terminated path
   * @param flags the {@code O_*} flags
   * @param mode the permissions of a file {@code O_CREAT} makes, before the umask (022)
   * @return the new descriptor
   */
  public long openat(GuestAccess guest, long dirfd, long pathPointer, long flags, long mode) {
    int access = (int) flags & O_ACCMODE;
    if (access == O_ACCMODE) {
      throw new SyscallError(Errno.EINVAL);
    }
    boolean create = (flags & O_CREAT) != 0;
    boolean exclusive = create && (flags & O_EXCL) != 0;
    PathResolver.Resolved path = paths.resolve(guest, dirfd, pathPointer,
        (flags & O_NOFOLLOW) == 0 && !exclusive);
    Path host = path.host();
    boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
    if (exists && exclusive) {
      throw new SyscallError(Errno.EEXIST);
    }
    if (Files.isSymbolicLink(host)) {
      throw new SyscallError(Errno.ELOOP); // O_NOFOLLOW met a link
    }
    if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
      if (access != 0 || create) {
        throw new SyscallError(Errno.EISDIR);
      }
      return files.add(new OpenFile.Directory(path.names(), host, new DirectoryCursor(host)));
    }
    if ((flags & O_DIRECTORY) != 0 || path.mustBeDirectory()) {
      throw new SyscallError(exists ? Errno.ENOTDIR : Errno.ENOENT);
    }
    if (exists && !Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.EACCES);
    }
    if (!exists && !create) {
      throw new SyscallError(Errno.ENOENT);
    }
    boolean readable = access != O_WRONLY;
    boolean writable = access == O_WRONLY || access == O_RDWR;
    Set<OpenOption> options = new HashSet<>();
    options.add(LinkOption.NOFOLLOW_LINKS);
    options.add(readable ? StandardOpenOption.READ : StandardOpenOption.WRITE);
    if (writable) {
      options.add(StandardOpenOption.WRITE);
    }
    if (create) {
      options.add(StandardOpenOption.CREATE);
    }
    if ((flags & O_TRUNC) != 0 && writable) {
      options.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    FileChannel channel;
    try {
      channel = exists ? FileChannel.open(host, options)
          : FileChannel.open(host, options, PosixFilePermissions.asFileAttribute(
              GuestPaths.permissions(mode)));
    } catch (IOException e) {
      throw GuestPaths.error(e);
    }
    return files.add(new OpenFile.RegularFile(channel, host, readable, writable,
        (flags & O_APPEND) != 0));
  }

  /**
   * {@code newfstatat(dirfd, path, buffer, flags)}; with {@code AT_EMPTY_PATH} and an empty path,
   * {@code fstat(dirfd)}.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the path
   * @param buffer where the {@code struct stat} goes
   * @param flags {@code AT_EMPTY_PATH}, {@code AT_SYMLINK_NOFOLLOW}
   * @return 0
   */
  public long newfstatat(GuestAccess guest, long dirfd, long pathPointer, long buffer,
      long flags) {
    if ((flags & AT_EMPTY_PATH) != 0 && guest.load8(pathPointer) == 0) {
      if (dirfd == GuestPaths.AT_FDCWD) {
        return stat(guest, paths.workingDirectoryHost(), buffer);
      }
      return fdCalls.fstat(guest, dirfd, buffer);
    }
    PathResolver.Resolved path =
        paths.resolve(guest, dirfd, pathPointer, (flags & AT_SYMLINK_NOFOLLOW) == 0);
    return stat(guest, path.host(), buffer);
  }

  /**
   * {@code readlinkat(dirfd, path, buffer, size)}: a link's target as the host stores it,
   * truncated to {@code size}, without a NUL.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the path
   * @param buffer where the target goes
   * @param size the buffer's size, positive
   * @return the bytes written
   */
  public long readlinkat(GuestAccess guest, long dirfd, long pathPointer, long buffer,
      long size) {
    if (size <= 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path host = paths.resolve(guest, dirfd, pathPointer, false).host();
    if (!Files.isSymbolicLink(host)) {
      throw new SyscallError(Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL
          : Errno.ENOENT);
    }
    byte[] target;
    try {
      target = Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw GuestPaths.error(e);
    }
    int length = (int) Math.min(target.length, size);
    guest.write(buffer, java.util.Arrays.copyOf(target, length));
    return length;
  }

  /**
   * {@code faccessat(dirfd, path, mode)}: whether the file exists and, for {@code R_OK},
   * {@code W_OK} and {@code X_OK}, whether the host lets it be read, written or run.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the path
   * @param mode {@code F_OK} (0) or a mask of {@code R_OK} (4), {@code W_OK} (2), {@code X_OK} (1)
   * @return 0
   */
  public long faccessat(GuestAccess guest, long dirfd, long pathPointer, long mode) {
    if ((mode & ~7) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path host = paths.resolve(guest, dirfd, pathPointer, true).host();
    if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.ENOENT);
    }
    if (((mode & 4) != 0 && !Files.isReadable(host))
        || ((mode & 2) != 0 && !Files.isWritable(host))
        || ((mode & 1) != 0 && !Files.isExecutable(host))) {
      throw new SyscallError(Errno.EACCES);
    }
    return 0;
  }

  private static long stat(GuestAccess guest, Path host, long buffer) {
    StatBuffer.writeFile(guest, buffer, host);
    return 0;
  }
}

package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The system calls that name files by path: {@code openat}, {@code newfstatat},
 * {@code readlinkat}, {@code unlinkat}, {@code mkdirat}, {@code renameat2},
 * {@code faccessat}, and the working directory's
 * {@code chdir}, {@code fchdir} and {@code getcwd}, all resolved by a {@link PathResolver} inside
 * the host's chosen root. The working directory starts at the root and is the process's, shared
 * by its threads ({@code CLONE_FS}). Without a root there is no file system:
 * every path is {@code ENOENT}, and {@code newfstatat} serves only its {@code fstat} form.
 *
 * <p>Only directories and regular files are opened; a host device, pipe or socket inside the root
 * is {@code EACCES}, so a guest can neither block the host on a FIFO nor reach a device.
 */
public final class PathSyscalls {
  /** {@code AT_FDCWD}: relative paths start at the working directory. */
  public static final int AT_FDCWD = -100;
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
  private static final int AT_REMOVEDIR = 0x200;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int RENAME_NOREPLACE = 1;
  private static final int UMASK = 022;

  private final FileTable files;
  private final FileSyscalls fdCalls;
  private final PathResolver resolver;
  private volatile List<String> workingDirectory = List.of();

  /**
   * Creates the calls.
   *
   * @param files the guest's descriptors
   * @param fdCalls serves the {@code fstat} form of {@code newfstatat}
   * @param resolver resolves paths inside the root, or null for no file system
   */
  public PathSyscalls(FileTable files, FileSyscalls fdCalls, PathResolver resolver) {
    this.files = files;
    this.fdCalls = fdCalls;
    this.resolver = resolver;
  }

  /**
   * {@code openat(dirfd, path, flags, mode)}.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts, or {@link #AT_FDCWD}
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
    PathResolver.Resolved path = resolve(guest, dirfd, pathPointer,
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
              permissions((int) mode & 0777 & ~UMASK)));
    } catch (IOException e) {
      throw error(e);
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
      if (dirfd == AT_FDCWD) {
        return stat(guest, resolver().resolve(workingDirectory, ".", true).host(), buffer);
      }
      return fdCalls.fstat(guest, dirfd, buffer);
    }
    PathResolver.Resolved path =
        resolve(guest, dirfd, pathPointer, (flags & AT_SYMLINK_NOFOLLOW) == 0);
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
    Path host = resolve(guest, dirfd, pathPointer, false).host();
    if (!Files.isSymbolicLink(host)) {
      throw new SyscallError(Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL
          : Errno.ENOENT);
    }
    byte[] target;
    try {
      target = Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw error(e);
    }
    int length = (int) Math.min(target.length, size);
    guest.write(buffer, java.util.Arrays.copyOf(target, length));
    return length;
  }

  /**
   * {@code unlinkat(dirfd, path, flags)}: removes a file or link, or with {@code AT_REMOVEDIR}
   * an empty directory; a final link is removed, never followed.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the path
   * @param flags 0 or {@code AT_REMOVEDIR}
   * @return 0
   */
  public long unlinkat(GuestAccess guest, long dirfd, long pathPointer, long flags) {
    PathResolver.Resolved path = resolve(guest, dirfd, pathPointer, false);
    boolean directory = Files.isDirectory(path.host(), LinkOption.NOFOLLOW_LINKS);
    if (!Files.exists(path.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.ENOENT);
    }
    if ((flags & AT_REMOVEDIR) != 0) {
      if (!directory) {
        throw new SyscallError(Errno.ENOTDIR);
      }
      if (path.names().isEmpty()) {
        throw new SyscallError(Errno.EBUSY); // the root itself
      }
    } else if (directory) {
      throw new SyscallError(Errno.EISDIR);
    }
    try {
      Files.delete(path.host());
    } catch (IOException e) {
      throw error(e);
    }
    return 0;
  }

  /**
   * {@code mkdirat(dirfd, path, mode)}.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the path
   * @param mode the permissions, before the umask (022)
   * @return 0
   */
  public long mkdirat(GuestAccess guest, long dirfd, long pathPointer, long mode) {
    PathResolver.Resolved path = resolve(guest, dirfd, pathPointer, false);
    if (Files.exists(path.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.EEXIST);
    }
    try {
      Files.createDirectory(path.host(),
          PosixFilePermissions.asFileAttribute(permissions((int) mode & 0777 & ~UMASK)));
    } catch (IOException e) {
      throw error(e);
    }
    return 0;
  }

  private PathResolver.Resolved resolve(GuestAccess guest, long dirfd, long pathPointer,
      boolean followLast) {
    String path = guest.readString(pathPointer, PathResolver.PATH_MAX);
    if (path == null) {
      throw new SyscallError(Errno.ENAMETOOLONG);
    }
    if (resolver == null) {
      throw new SyscallError(Errno.ENOENT);
    }
    List<String> base = workingDirectory;
    if (!path.startsWith("/") && dirfd != AT_FDCWD) {
      if (!(files.get(dirfd) instanceof OpenFile.Directory directory)) {
        throw new SyscallError(Errno.ENOTDIR);
      }
      base = directory.names();
    }
    return resolver.resolve(base, path, followLast);
  }

  /**
   * {@code renameat2(olddirfd, oldpath, newdirfd, newpath, flags)}: moves a name within the root,
   * replacing what the new name held unless {@code RENAME_NOREPLACE}. Links are moved, never
   * followed.
   *
   * @param guest the guest's memory
   * @param fromDirfd where a relative {@code from} starts
   * @param from the old path
   * @param toDirfd where a relative {@code to} starts
   * @param to the new path
   * @param flags 0 or {@code RENAME_NOREPLACE}
   * @return 0
   */
  public long renameat2(GuestAccess guest, long fromDirfd, long from, long toDirfd, long to,
      long flags) {
    if ((flags & ~RENAME_NOREPLACE) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    PathResolver.Resolved source = resolve(guest, fromDirfd, from, false);
    PathResolver.Resolved target = resolve(guest, toDirfd, to, false);
    if (!Files.exists(source.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.ENOENT);
    }
    if (source.names().isEmpty() || target.names().isEmpty()) {
      throw new SyscallError(Errno.EBUSY); // the root itself
    }
    if (target.names().size() > source.names().size()
        && target.names().subList(0, source.names().size()).equals(source.names())) {
      throw new SyscallError(Errno.EINVAL); // a directory into itself
    }
    boolean sourceIsDirectory = Files.isDirectory(source.host(), LinkOption.NOFOLLOW_LINKS);
    if (Files.exists(target.host(), LinkOption.NOFOLLOW_LINKS)) {
      if ((flags & RENAME_NOREPLACE) != 0) {
        throw new SyscallError(Errno.EEXIST);
      }
      boolean targetIsDirectory = Files.isDirectory(target.host(), LinkOption.NOFOLLOW_LINKS);
      if (sourceIsDirectory != targetIsDirectory) {
        throw new SyscallError(sourceIsDirectory ? Errno.ENOTDIR : Errno.EISDIR);
      }
    }
    try {
      Files.move(source.host(), target.host(), LinkOption.NOFOLLOW_LINKS,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw error(e);
    }
    return 0;
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
    Path host = resolve(guest, dirfd, pathPointer, true).host();
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

  /**
   * {@code chdir(path)}.
   *
   * @param guest the guest's memory
   * @param pathPointer the new working directory
   * @return 0
   */
  public long chdir(GuestAccess guest, long pathPointer) {
    PathResolver.Resolved path = resolve(guest, AT_FDCWD, pathPointer, true);
    if (!Files.isDirectory(path.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Files.exists(path.host(), LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR
          : Errno.ENOENT);
    }
    workingDirectory = path.names();
    return 0;
  }

  /**
   * {@code fchdir(fd)}.
   *
   * @param fd a directory's descriptor
   * @return 0
   */
  public long fchdir(long fd) {
    if (!(files.get(fd) instanceof OpenFile.Directory directory)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    workingDirectory = directory.names();
    return 0;
  }

  /**
   * {@code getcwd(buffer, size)}: the working directory as the guest sees it, from {@code /}.
   *
   * @param guest the guest's memory
   * @param buffer where the path and its NUL go
   * @param size the buffer's size
   * @return the bytes written, NUL included
   */
  public long getcwd(GuestAccess guest, long buffer, long size) {
    byte[] path = ("/" + String.join("/", workingDirectory)).getBytes(StandardCharsets.UTF_8);
    if (size < path.length + 1) {
      throw new SyscallError(Errno.ERANGE);
    }
    guest.write(buffer, java.util.Arrays.copyOf(path, path.length + 1));
    return path.length + 1;
  }

  private PathResolver resolver() {
    if (resolver == null) {
      throw new SyscallError(Errno.ENOENT);
    }
    return resolver;
  }

  private static long stat(GuestAccess guest, Path host, long buffer) {
    StatBuffer.writeFile(guest, buffer, host);
    return 0;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int bit = 0; bit < 9; bit++) {
      text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  /** The Linux error a host file-system failure stands for. */
  private static SyscallError error(IOException e) {
    return new SyscallError(switch (e) {
      case NoSuchFileException missing -> Errno.ENOENT;
      case FileAlreadyExistsException exists -> Errno.EEXIST;
      case DirectoryNotEmptyException notEmpty -> Errno.ENOTEMPTY;
      case NotDirectoryException notDirectory -> Errno.ENOTDIR;
      case AccessDeniedException denied -> Errno.EACCES;
      case FileSystemLoopException loop -> Errno.ELOOP;
      default -> Errno.EIO;
    });
  }
}

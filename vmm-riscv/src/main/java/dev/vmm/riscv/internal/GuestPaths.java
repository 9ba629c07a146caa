package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Where a guest's paths lead: the {@link PathResolver} of the host's chosen root (or none: then
 * every path is {@code ENOENT}), the working directory, and directory descriptors as starting
 * points. The working directory starts at the root and is the process's, shared by its threads
 * ({@code CLONE_FS}); {@code chdir}, {@code fchdir} and {@code getcwd} are served here.
 */
public final class GuestPaths {
  /** {@code AT_FDCWD}: relative paths start at the working directory. */
  public static final int AT_FDCWD = -100;
  private static final int UMASK = 022;

  private final FileTable files;
  private final PathResolver resolver;
  private volatile List<String> workingDirectory = List.of();

  /**
   * Creates the paths of a process that starts at the root.
   *
   * @param files the guest's descriptors, for {@code dirfd} arguments
   * @param resolver resolves paths inside the root, or null for no file system
   */
  public GuestPaths(FileTable files, PathResolver resolver) {
    this.files = files;
    this.resolver = resolver;
  }

  /**
   * Resolves a guest path from {@code dirfd}: the working directory for {@link #AT_FDCWD}, the
   * root for an absolute path.
   *
   * @param guest the guest's memory
   * @param dirfd where a relative path starts
   * @param pathPointer the NUL-terminated path
   * @param followLast whether a link as the final name is followed
   * @return where it leads
   * @throws SyscallError {@code ENOENT} without a root, {@code ENAMETOOLONG}, {@code EBADF} or
   *     {@code ENOTDIR} for a bad {@code dirfd}, and what {@link PathResolver} answers
   */
  public PathResolver.Resolved resolve(GuestAccess guest, long dirfd, long pathPointer,
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
   * Returns the working directory's host path.
   *
   * @return the path
   * @throws SyscallError {@code ENOENT} without a root
   */
  public Path workingDirectoryHost() {
    return resolver().resolve(workingDirectory, ".", true).host();
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

  /**
   * The host permissions of a file or directory the guest creates with {@code mode}, after the
   * umask (022).
   *
   * @param mode the guest's mode argument
   * @return the permissions
   */
  public static Set<PosixFilePermission> permissions(long mode) {
    int bits = (int) mode & 0777 & ~UMASK;
    StringBuilder text = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int bit = 0; bit < 9; bit++) {
      text.append((bits & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  /**
   * Returns the Linux error a host file-system failure stands for.
   *
   * @param e what the host threw
   * @return the error to throw
   */
  public static SyscallError error(IOException e) {
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

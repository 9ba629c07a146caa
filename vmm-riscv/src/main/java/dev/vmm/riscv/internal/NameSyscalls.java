package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The system calls that change which names exist inside the root: {@code unlinkat},
 * {@code mkdirat} and {@code renameat2}. A final link is the name itself: removed or moved,
 * never followed.
 */
public final class NameSyscalls {
  private static final int AT_REMOVEDIR = 0x200;
  private static final int RENAME_NOREPLACE = 1;

  private final GuestPaths paths;

  /**
   * Creates the calls.
   *
   * @param paths where the guest's paths lead
   */
  public NameSyscalls(GuestPaths paths) {
    this.paths = paths;
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
    PathResolver.Resolved path = paths.resolve(guest, dirfd, pathPointer, false);
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
      throw GuestPaths.error(e);
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
    PathResolver.Resolved path = paths.resolve(guest, dirfd, pathPointer, false);
    if (Files.exists(path.host(), LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.EEXIST);
    }
    try {
      Files.createDirectory(path.host(),
          PosixFilePermissions.asFileAttribute(GuestPaths.permissions(mode)));
    } catch (IOException e) {
      throw GuestPaths.error(e);
    }
    return 0;
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
    PathResolver.Resolved source = paths.resolve(guest, fromDirfd, from, false);
    PathResolver.Resolved target = paths.resolve(guest, toDirfd, to, false);
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
      throw GuestPaths.error(e);
    }
    return 0;
  }
}

package dev.vmm.riscv.internal;

import java.io.IOException;

/**
 * A guest's file descriptors: the lowest free number is handed out, as POSIX requires, up to
 * {@value #MAX_FILES}. Shared by all the guest's threads ({@code CLONE_FILES}), so every method
 * synchronizes; the operations on an open file do not hold this lock.
 *
 * <p>A duplicated descriptor refers to the same {@link OpenFile}, so the two share the file
 * offset, as on Linux; the host file is closed with the last descriptor that refers to it.
 */
public final class FileTable {
  /** How many descriptors a guest may hold, as a default {@code RLIMIT_NOFILE}. */
  public static final int MAX_FILES = 1024;

  private final OpenFile[] files = new OpenFile[MAX_FILES];

  /**
   * Creates a table with the host's streams as descriptors 0, 1 and 2.
   *
   * @param stdin descriptor 0
   * @param stdout descriptor 1
   * @param stderr descriptor 2
   */
  public FileTable(OpenFile stdin, OpenFile stdout, OpenFile stderr) {
    files[0] = stdin;
    files[1] = stdout;
    files[2] = stderr;
  }

  /**
   * Returns what a descriptor refers to.
   *
   * @param fd the guest's descriptor
   * @return the open file
   * @throws SyscallError {@code EBADF} if it is not open
   */
  public synchronized OpenFile get(long fd) {
    if (fd < 0 || fd >= MAX_FILES || files[(int) fd] == null) {
      throw new SyscallError(Errno.EBADF);
    }
    return files[(int) fd];
  }

  /**
   * Gives an open file the lowest free descriptor.
   *
   * @param file the open file
   * @return its descriptor
   * @throws SyscallError {@code EMFILE} if all are in use
   */
  public synchronized int add(OpenFile file) {
    for (int fd = 0; fd < MAX_FILES; fd++) {
      if (files[fd] == null) {
        files[fd] = file;
        return fd;
      }
    }
    throw new SyscallError(Errno.EMFILE);
  }

  /**
   * Closes a descriptor. A host stream is only detached (the host owns it); a file is closed.
   *
   * @param fd the descriptor
   * @throws SyscallError {@code EBADF} if it is not open
   */
  public void close(long fd) {
    OpenFile file;
    synchronized (this) {
      file = get(fd);
      files[(int) fd] = null;
      if (referenced(file)) {
        return;
      }
    }
    if (file instanceof OpenFile.RegularFile regular) {
      try {
        regular.channel().close();
      } catch (IOException e) {
        throw new SyscallError(Errno.EIO);
      }
    }
  }

  /**
   * {@code dup} and {@code dup3}: another descriptor for the same open file.
   *
   * @param fd the descriptor to duplicate
   * @param target the descriptor wanted, closed first if open; or -1 for the lowest free one
   * @return the new descriptor
   * @throws SyscallError {@code EBADF} for a bad {@code fd} or {@code target}, {@code EINVAL} if
   *     they are equal, {@code EMFILE}
   */
  public int duplicate(long fd, long target) {
    OpenFile replaced;
    synchronized (this) {
      OpenFile file = get(fd);
      if (target == -1) {
        return add(file);
      }
      if (target < 0 || target >= MAX_FILES) {
        throw new SyscallError(Errno.EBADF);
      }
      if (target == fd) {
        throw new SyscallError(Errno.EINVAL);
      }
      replaced = files[(int) target];
      files[(int) target] = file;
      if (replaced == null || referenced(replaced)) {
        return (int) target;
      }
    }
    if (replaced instanceof OpenFile.RegularFile regular) {
      try {
        regular.channel().close();
      } catch (IOException e) {
        // dup3 has already succeeded; Linux, too, drops an error from the implicit close.
      }
    }
    return (int) target;
  }

  private boolean referenced(OpenFile file) {
    for (OpenFile open : files) {
      if (open == file) {
        return true;
      }
    }
    return false;
  }

  /** Closes every file the guest left open; the host's streams stay open. */
  public void closeAll() {
    for (int fd = 0; fd < MAX_FILES; fd++) {
      OpenFile file;
      synchronized (this) {
        file = files[fd];
        files[fd] = null;
      }
      if (file instanceof OpenFile.RegularFile regular) {
        try {
          regular.channel().close();
        } catch (IOException e) {
          // The guest is gone; a file that will not close is the host's to notice, not an error.
        }
      }
    }
  }
}

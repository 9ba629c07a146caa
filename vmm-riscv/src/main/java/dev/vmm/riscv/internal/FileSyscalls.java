package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The system calls that move a file's bytes or inspect it through a descriptor: {@code read},
 * {@code write}, their vector and positional forms, {@code lseek}, {@code ftruncate},
 * {@code close}, {@code fstat} and {@code getdents64}. Each returns the Linux result or throws {@link SyscallError}; a guest pointer
 * the memory refuses surfaces as {@link GuestAccess.BadAddress} ({@code -EFAULT}).
 *
 * <p>One call moves at most {@value #MAX_TRANSFER} bytes: a larger read returns short, as Linux
 * may, and glibc's writers loop over short writes.
 */
public final class FileSyscalls {
  /** The most bytes one call copies, so a guest's huge count cannot make the host allocate it. */
  public static final int MAX_TRANSFER = 1 << 20;
  private static final int IOV_MAX = 1024;
  private static final int SEEK_SET = 0;
  private static final int SEEK_CUR = 1;
  private static final int SEEK_END = 2;

  private final FileTable files;

  /**
   * Creates the calls over a descriptor table.
   *
   * @param files the guest's descriptors
   */
  public FileSyscalls(FileTable files) {
    this.files = files;
  }

  /**
   * {@code read(fd, buffer, count)}.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param buffer where the bytes go
   * @param count how many at most
   * @return how many were read, 0 at the end
   */
  public long read(GuestAccess guest, long fd, long buffer, long count) {
    return readInto(guest, files.get(fd), buffer, transferLength(count), -1);
  }

  /**
   * {@code pread64(fd, buffer, count, offset)}: reads at an offset without moving the file's.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param buffer where the bytes go
   * @param count how many at most
   * @param offset where in the file, not negative
   * @return how many were read
   */
  public long pread(GuestAccess guest, long fd, long buffer, long count, long offset) {
    OpenFile file = files.get(fd);
    requireSeekable(file);
    if (offset < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return readInto(guest, file, buffer, transferLength(count), offset);
  }

  /**
   * {@code write(fd, buffer, count)}.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param buffer the bytes
   * @param count how many
   * @return how many were written
   */
  public long write(GuestAccess guest, long fd, long buffer, long count) {
    OpenFile file = files.get(fd);
    return writeFrom(file, guest.read(buffer, transferLength(count)), -1);
  }

  /**
   * {@code pwrite64(fd, buffer, count, offset)}.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param buffer the bytes
   * @param count how many
   * @param offset where in the file, not negative
   * @return how many were written
   */
  public long pwrite(GuestAccess guest, long fd, long buffer, long count, long offset) {
    OpenFile file = files.get(fd);
    requireSeekable(file);
    if (offset < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return writeFrom(file, guest.read(buffer, transferLength(count)), offset);
  }

  /**
   * {@code readv} and {@code writev}: one transfer per {@code struct iovec}, stopping at the
   * first short one; an error after some bytes moved returns the bytes.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param iov the array of {@code {base, length}} pairs
   * @param count how many pairs
   * @param writing {@code writev} rather than {@code readv}
   * @return how many bytes moved
   */
  public long vector(GuestAccess guest, long fd, long iov, long count, boolean writing) {
    if (count < 0 || count > IOV_MAX) {
      throw new SyscallError(Errno.EINVAL);
    }
    OpenFile file = files.get(fd);
    long total = 0;
    for (long i = 0; i < count; i++) {
      long base = guest.load64(iov + 16 * i);
      int length = transferLength(guest.load64(iov + 16 * i + 8));
      long moved;
      try {
        moved = writing ? writeFrom(file, guest.read(base, length), -1)
            : readInto(guest, file, base, length, -1);
      } catch (SyscallError | GuestAccess.BadAddress e) {
        if (total > 0) {
          return total;
        }
        throw e;
      }
      total += moved;
      if (moved < length) {
        break;
      }
    }
    return total;
  }

  /**
   * {@code lseek(fd, offset, whence)}; on a directory only a rewind to 0.
   *
   * @param fd the descriptor
   * @param offset the offset
   * @param whence {@code SEEK_SET}, {@code SEEK_CUR} or {@code SEEK_END}
   * @return the new offset
   */
  public long lseek(long fd, long offset, long whence) {
    OpenFile file = files.get(fd);
    if (file instanceof OpenFile.Directory directory) {
      if (whence != SEEK_SET || offset != 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      directory.cursor().rewind();
      return 0;
    }
    requireSeekable(file);
    FileChannel channel = ((OpenFile.RegularFile) file).channel();
    synchronized (file) {
      try {
        long from = switch ((int) whence) {
          case SEEK_SET -> 0;
          case SEEK_CUR -> channel.position();
          case SEEK_END -> channel.size();
          default -> throw new SyscallError(Errno.EINVAL);
        };
        long target = from + offset;
        if (target < 0 || (offset > 0 && target < from)) {
          throw new SyscallError(Errno.EINVAL);
        }
        channel.position(target);
        return target;
      } catch (IOException e) {
        throw new SyscallError(Errno.EIO);
      }
    }
  }

  /**
   * {@code ftruncate(fd, length)}: cuts the file, or extends it with zeros.
   *
   * @param fd a regular file open for writing
   * @param length the new size, not negative
   * @return 0
   */
  public long ftruncate(long fd, long length) {
    if (!(files.get(fd) instanceof OpenFile.RegularFile regular) || !regular.writable()
        || length < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    try {
      FileChannel channel = regular.channel();
      synchronized (regular) {
        long size = channel.size();
        if (length < size) {
          channel.truncate(length);
        } else if (length > size) {
          channel.write(ByteBuffer.allocate(1), length - 1);
        }
      }
    } catch (IOException e) {
      throw new SyscallError(Errno.EIO);
    }
    return 0;
  }

  /**
   * {@code close(fd)}.
   *
   * @param fd the descriptor
   * @return 0
   */
  public long close(long fd) {
    files.close(fd);
    return 0;
  }

  /**
   * {@code fstat(fd, buffer)}.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param buffer where the {@code struct stat} goes
   * @return 0
   */
  public long fstat(GuestAccess guest, long fd, long buffer) {
    switch (files.get(fd)) {
      case OpenFile.HostInput in -> StatBuffer.writeStream(guest, buffer, fd, in.terminal());
      case OpenFile.HostOutput out -> StatBuffer.writeStream(guest, buffer, fd, out.terminal());
      case OpenFile.Directory directory -> StatBuffer.writeFile(guest, buffer, directory.host());
      case OpenFile.RegularFile regular -> {
        try {
          StatBuffer.writeFile(guest, buffer, regular.host());
        } catch (SyscallError gone) {
          StatBuffer.writeUnlinked(guest, buffer, size(regular));
        }
      }
    }
    return 0;
  }

  /**
   * {@code getdents64(fd, buffer, count)}: as many {@code struct linux_dirent64} records
   * ({@code d_ino} u64, {@code d_off} i64, {@code d_reclen} u16, {@code d_type} u8, the name and
   * its NUL, padded to 8 bytes) as fit.
   *
   * @param guest the guest's memory
   * @param fd a directory's descriptor
   * @param buffer where the records go
   * @param count the buffer's size
   * @return the bytes written, 0 at the end
   */
  public long getdents64(GuestAccess guest, long fd, long buffer, long count) {
    if (!(files.get(fd) instanceof OpenFile.Directory directory)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    DirectoryCursor cursor = directory.cursor();
    long used = 0;
    for (DirectoryCursor.Entry entry; (entry = cursor.peek()) != null; ) {
      byte[] name = entry.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int length = (19 + name.length + 1 + 7) & ~7;
      if (used + length > count) {
        if (used == 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        break;
      }
      long at = buffer + used;
      byte[] record = new byte[length];
      System.arraycopy(name, 0, record, 19, name.length);
      record[18] = (byte) entry.type();
      guest.write(at, record);
      guest.store64(at, entry.inode());
      guest.store64(at + 8, cursor.position() + 1);
      guest.store16(at + 16, length);
      cursor.advance();
      used += length;
    }
    return used;
  }

  private long readInto(GuestAccess guest, OpenFile file, long buffer, int count, long offset) {
    byte[] bytes = new byte[count];
    int read = switch (file) {
      case OpenFile.HostInput in -> {
        try {
          yield count == 0 ? 0 : Math.max(0, in.in().read(bytes, 0, count));
        } catch (IOException e) {
          throw new SyscallError(Errno.EIO);
        }
      }
      case OpenFile.RegularFile regular when regular.readable() -> {
        try {
          ByteBuffer target = ByteBuffer.wrap(bytes);
          int n;
          if (offset >= 0) {
            n = regular.channel().read(target, offset);
          } else {
            synchronized (regular) {
              n = regular.channel().read(target);
            }
          }
          yield Math.max(0, n);
        } catch (IOException e) {
          throw new SyscallError(Errno.EIO);
        }
      }
      case OpenFile.Directory directory -> throw new SyscallError(Errno.EISDIR);
      default -> throw new SyscallError(Errno.EBADF); // not open for reading
    };
    if (read > 0) {
      byte[] exact = read == count ? bytes : java.util.Arrays.copyOf(bytes, read);
      guest.write(buffer, exact);
    }
    return read;
  }

  private static long writeFrom(OpenFile file, byte[] bytes, long offset) {
    try {
      switch (file) {
        case OpenFile.HostOutput out -> out.out().write(bytes);
        case OpenFile.RegularFile regular when regular.writable() -> {
          ByteBuffer source = ByteBuffer.wrap(bytes);
          if (offset >= 0) {
            while (source.hasRemaining()) {
              regular.channel().write(source, offset + source.position());
            }
          } else {
            synchronized (regular) {
              if (regular.append()) {
                regular.channel().position(regular.channel().size());
              }
              while (source.hasRemaining()) {
                regular.channel().write(source);
              }
            }
          }
        }
        case OpenFile.Directory directory -> throw new SyscallError(Errno.EISDIR);
        default -> throw new SyscallError(Errno.EBADF); // not open for writing
      }
    } catch (IOException e) {
      throw new SyscallError(Errno.EIO);
    }
    return bytes.length;
  }

  private static void requireSeekable(OpenFile file) {
    if (file instanceof OpenFile.Directory) {
      throw new SyscallError(Errno.EISDIR);
    }
    if (!(file instanceof OpenFile.RegularFile)) {
      throw new SyscallError(Errno.ESPIPE);
    }
  }

  private static long size(OpenFile.RegularFile regular) {
    try {
      return regular.channel().size();
    } catch (IOException e) {
      throw new SyscallError(Errno.EIO);
    }
  }

  /** A guest-supplied count, capped to what one call moves; a negative one is the guest's error. */
  private static int transferLength(long count) {
    if (count < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return (int) Math.min(count, MAX_TRANSFER);
  }
}

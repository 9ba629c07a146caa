package dev.vmm.riscv.internal;

/**
 * The system calls that control descriptors rather than move bytes: {@code ioctl} (the terminal
 * requests stdio and {@code isatty} make), {@code fcntl}, {@code dup} and {@code dup3}.
 */
public final class DescriptorSyscalls {
  private static final int TCGETS = 0x5401;
  private static final int TCSETS = 0x5402;
  private static final int TCSETSF = 0x5404;
  private static final int TIOCGWINSZ = 0x5413;
  private static final int F_GETFD = 1;
  private static final int F_SETFD = 2;
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;

  private final FileTable files;

  /**
   * Creates the calls over a descriptor table.
   *
   * @param files the guest's descriptors
   */
  public DescriptorSyscalls(FileTable files) {
    this.files = files;
  }

  /**
   * {@code ioctl(fd, request, argument)}: only the terminal requests stdio and {@code isatty}
   * make, and only on a stream the host said is a terminal; anything else is {@code ENOTTY}.
   *
   * @param guest the guest's memory
   * @param fd the descriptor
   * @param request the request number
   * @param argument the request's pointer
   * @return 0 or the error
   */
  public long ioctl(GuestAccess guest, long fd, long request, long argument) {
    boolean terminal = switch (files.get(fd)) {
      case OpenFile.HostInput in -> in.terminal();
      case OpenFile.HostOutput out -> out.terminal();
      default -> false;
    };
    if (!terminal) {
      throw new SyscallError(Errno.ENOTTY);
    }
    switch ((int) request) {
      case TCGETS -> { // struct termios: iflag, oflag, cflag, lflag, line, cc[19]
        guest.write(argument, new byte[36]);
        guest.store32(argument, 0x500); // ICRNL | IXON
        guest.store32(argument + 4, 0x5); // OPOST | ONLCR
        guest.store32(argument + 8, 0xBF); // B38400 | CS8 | CREAD
        guest.store32(argument + 12, 0x8A3B); // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
      }
      case TCSETS, TCSETS + 1, TCSETSF -> guest.load8(argument); // accepted, not applied
      case TIOCGWINSZ -> { // struct winsize: rows, columns, two unused
        guest.store64(argument, 0);
        guest.store16(argument, 24);
        guest.store16(argument + 2, 80);
      }
      default -> throw new SyscallError(Errno.EINVAL);
    }
    return 0;
  }

  /**
   * {@code fcntl(fd, command, argument)}: the descriptor and status flag queries glibc makes;
   * changes are accepted and not applied (there is no {@code exec} for close-on-exec to matter).
   *
   * @param fd the descriptor
   * @param command {@code F_GETFD}, {@code F_SETFD}, {@code F_GETFL} or {@code F_SETFL}
   * @return the flags, or 0
   */
  public long fcntl(long fd, long command) {
    OpenFile file = files.get(fd);
    return switch ((int) command) {
      case F_GETFD, F_SETFD, F_SETFL -> 0;
      case F_GETFL -> switch (file) {
        case OpenFile.HostInput in -> 0; // O_RDONLY
        case OpenFile.HostOutput out -> 1; // O_WRONLY
        case OpenFile.Directory directory -> 0x10000; // O_DIRECTORY | O_RDONLY
        case OpenFile.RegularFile regular -> (regular.readable() && regular.writable() ? 2
            : regular.writable() ? 1 : 0) | (regular.append() ? 0x400 : 0);
      };
      default -> throw new SyscallError(Errno.EINVAL);
    };
  }

  /**
   * {@code dup(fd)}, {@code dup3(fd, target, flags)}.
   *
   * @param fd the descriptor to duplicate
   * @param target the descriptor wanted, or -1 for the lowest free one
   * @return the new descriptor
   */
  public long dup(long fd, long target) {
    return files.duplicate(fd, target);
  }
}

package dev.vmm.riscv;

import dev.vmm.riscv.internal.GuestAccess;
import dev.vmm.riscv.internal.MappingArena;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A minimal Linux system-call layer for one single-threaded static program: enough for static
 * glibc's startup, stdio and exit. Install it as the hart's {@link EcallHandler}.
 *
 * <p>What it serves: {@code write}/{@code writev} to fds 1 and 2 (the host's streams);
 * {@code exit}/{@code exit_group} (halt with the status's low 8 bits); {@code brk} within
 * {@link Layout#heapStart()}..{@link Layout#heapLimit()}; anonymous private {@code mmap} (zeroed,
 * from the mapping range), {@code munmap}, and {@code mprotect} (accepted, not enforced);
 * {@code fstat}/{@code newfstatat} on fds 0..2 (a character device); {@code ioctl} ({@code -ENOTTY});
 * {@code uname}, {@code clock_gettime}, {@code getrandom} (seeded, so runs repeat exactly),
 * {@code prlimit64}, the ids, and as successful no-ops the signal and thread registrations.
 * {@code openat} and {@code readlinkat} answer {@code -ENOENT}: there is no file system.
 *
 * <p>Any other number returns {@code -ENOSYS}, as Linux does for a call it lacks, and is counted
 * in {@link #unknownCalls()} so a host sees what a program missed. A pointer argument the memory
 * port refuses makes the call return {@code -EFAULT}; it never becomes a host exception.
 */
public final class LinuxSyscalls implements EcallHandler {
  /**
   * The guest address ranges the layer hands out.
   *
   * @param heapStart the initial program break, normally the page-rounded end of the program
   * @param heapLimit how far {@code brk} may grow
   * @param mappingsStart the lowest address {@code mmap} returns, page aligned
   * @param mappingsEnd one past the highest, page aligned
   */
  public record Layout(long heapStart, long heapLimit, long mappingsStart, long mappingsEnd) {}

  private static final int EPERM = 1;
  private static final int ENOENT = 2;
  private static final int EIO = 5;
  private static final int EBADF = 9;
  private static final int ENOMEM = 12;
  private static final int EFAULT = 14;
  private static final int EINVAL = 22;
  private static final int ENODEV = 19;
  private static final int ENOTTY = 25;
  private static final int ENOSYS = 38;
  private static final int MAP_PRIVATE = 0x02;
  private static final int MAP_FIXED = 0x10;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int PID = 1;
  private static final long STACK_LIMIT = 8 << 20;

  private final Layout layout;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final MappingArena mappings;
  private final SplittableRandom random = new SplittableRandom(0x5EED);
  private final Map<Long, Long> unknown = new TreeMap<>();
  private long programBreak;

  /**
   * Creates the layer.
   *
   * @param layout where the heap and the mappings go; the memory port must accept accesses there
   * @param stdout receives fd 1
   * @param stderr receives fd 2
   */
  public LinuxSyscalls(Layout layout, OutputStream stdout, OutputStream stderr) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.stdout = Objects.requireNonNull(stdout, "stdout");
    this.stderr = Objects.requireNonNull(stderr, "stderr");
    this.mappings = new MappingArena(layout.mappingsStart(), layout.mappingsEnd());
    this.programBreak = layout.heapStart();
  }

  /**
   * Returns how often the guest asked for each system call this layer does not serve.
   *
   * @return a snapshot: system call number to count, in number order
   */
  public Map<Long, Long> unknownCalls() {
    return new TreeMap<>(unknown);
  }

  /**
   * Returns the current program break.
   *
   * @return the address {@code brk(0)} would return
   */
  public long programBreak() {
    return programBreak;
  }

  @Override
  public void onEcall(Hart hart) {
    GuestAccess guest = new GuestAccess(hart.memory());
    long result;
    try {
      result = call(hart, guest, hart.x(17), hart.x(10), hart.x(11), hart.x(12), hart.x(13));
    } catch (GuestAccess.BadAddress e) {
      result = -EFAULT;
    }
    hart.setX(10, result);
  }

  private long call(Hart hart, GuestAccess guest, long number, long a0, long a1, long a2,
      long a3) {
    return switch ((int) number) {
      case 29 -> a0 >= 0 && a0 <= 2 ? -ENOTTY : -EBADF; // ioctl: no terminals
      case 56, 78 -> -ENOENT; // openat, readlinkat: no file system
      case 57 -> a0 >= 0 && a0 <= 2 ? 0 : -EBADF; // close
      case 64 -> write(a0, guest.read(a1, checkedLength(a2)));
      case 66 -> writev(guest, a0, a1, a2);
      case 79 -> a1 != 0 && (a3 & AT_EMPTY_PATH) != 0 && guest.load8(a1) == 0
          ? stat(guest, a0, a2) : -ENOENT; // newfstatat: only fstat in disguise
      case 80 -> stat(guest, a0, a1); // fstat
      case 93, 94 -> { // exit, exit_group: one thread, so the same
        hart.halt(a0 & 0xFF);
        yield a0;
      }
      case 96, 178 -> PID; // set_tid_address, gettid
      case 172 -> PID; // getpid
      case 99, 134, 135 -> sigNoop(guest, number, a2); // set_robust_list, rt_sigaction/procmask
      case 113 -> clockGettime(guest, a0, a1);
      case 160 -> uname(guest, a0);
      case 174, 175, 176, 177 -> 0; // getuid, geteuid, getgid, getegid: root
      case 214 -> brk(guest, a0);
      case 215 -> munmap(a0, a1);
      case 222 -> mmap(guest, a0, a1, a3);
      case 226 -> 0; // mprotect: protection is not enforced here
      case 261 -> prlimit(guest, a1, a2, a3);
      case 278 -> getrandom(guest, a0, a1);
      default -> {
        unknown.merge(number, 1L, Long::sum);
        yield -ENOSYS;
      }
    };
  }

  /** A length the guest passed for a copy; larger than an array is the guest's mistake. */
  private static int checkedLength(long length) {
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new GuestAccess.BadAddress(
          new IllegalArgumentException("length " + length + " is too large"));
    }
    return (int) length;
  }

  private long write(long fd, byte[] bytes) {
    OutputStream out = fd == 1 ? stdout : fd == 2 ? stderr : null;
    if (out == null) {
      return -EBADF;
    }
    try {
      out.write(bytes);
      return bytes.length;
    } catch (IOException e) {
      return -EIO;
    }
  }

  private long writev(GuestAccess guest, long fd, long iov, long count) {
    if (count < 0 || count > 1024) { // IOV_MAX
      return -EINVAL;
    }
    long total = 0;
    for (long i = 0; i < count; i++) {
      long base = guest.load64(iov + 16 * i);
      long length = guest.load64(iov + 16 * i + 8);
      long written = write(fd, guest.read(base, checkedLength(length)));
      if (written < 0) {
        return total > 0 ? total : written;
      }
      total += written;
    }
    return total;
  }

  /** The asm-generic {@code struct stat} (128 bytes) of a character device for fds 0..2. */
  private static long stat(GuestAccess guest, long fd, long buffer) {
    if (fd < 0 || fd > 2) {
      return -EBADF;
    }
    guest.write(buffer, new byte[128]);
    guest.store64(buffer, 0x16); // st_dev
    guest.store64(buffer + 8, 3 + fd); // st_ino
    guest.store32(buffer + 16, 0x2000 | 0620); // st_mode: S_IFCHR, rw--w----
    guest.store32(buffer + 20, 1); // st_nlink
    guest.store64(buffer + 32, (136L << 8) | fd); // st_rdev: a pseudo-terminal, as a shell has
    guest.store32(buffer + 56, 1024); // st_blksize
    return 0;
  }

  /** Accepts a signal or robust-list registration; writes an empty old value where asked. */
  private static long sigNoop(GuestAccess guest, long number, long oldValue) {
    if (number == 134 && oldValue != 0) {
      guest.write(oldValue, new byte[24]); // handler, flags, mask: SIG_DFL
    } else if (number == 135 && oldValue != 0) {
      guest.store64(oldValue, 0); // nothing blocked
    }
    return 0;
  }

  private static long clockGettime(GuestAccess guest, long clock, long timespec) {
    long seconds;
    long nanos;
    if (clock == 0) { // CLOCK_REALTIME
      Instant now = Instant.now();
      seconds = now.getEpochSecond();
      nanos = now.getNano();
    } else if (clock >= 1 && clock <= 7) { // the monotonic, CPU-time and boot-time clocks
      long t = System.nanoTime();
      seconds = Math.floorDiv(t, 1_000_000_000L);
      nanos = Math.floorMod(t, 1_000_000_000L);
    } else {
      return -EINVAL;
    }
    guest.store64(timespec, seconds);
    guest.store64(timespec + 8, nanos);
    return 0;
  }

  private static long uname(GuestAccess guest, long buffer) {
    String[] fields = {"Linux", "vmm", "6.1.0", "#1 SMP vmm-riscv", "riscv64", "(none)"};
    for (int i = 0; i < fields.length; i++) {
      byte[] field = new byte[65];
      byte[] text = fields[i].getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, field, 0, text.length);
      guest.write(buffer + 65L * i, field);
    }
    return 0;
  }

  /** Grows or shrinks the heap; like Linux, answers the unchanged break when it cannot. */
  private long brk(GuestAccess guest, long requested) {
    if (Long.compareUnsigned(requested, layout.heapStart()) < 0
        || Long.compareUnsigned(requested, layout.heapLimit()) > 0) {
      return programBreak;
    }
    if (Long.compareUnsigned(requested, programBreak) > 0) {
      guest.zero(programBreak, requested - programBreak); // fresh heap reads as zero
    }
    programBreak = requested;
    return programBreak;
  }

  private long mmap(GuestAccess guest, long address, long length, long flags) {
    if ((flags & (MAP_ANONYMOUS | MAP_PRIVATE)) != (MAP_ANONYMOUS | MAP_PRIVATE)) {
      return (flags & MAP_ANONYMOUS) == 0 ? -ENODEV : -EINVAL; // no files, no sharing
    }
    long size = MappingArena.pages(length);
    if (length <= 0 || size < 0) {
      return -EINVAL;
    }
    if ((flags & MAP_FIXED) != 0) { // only a range already in the arena can be replaced
      if ((address & 0xFFF) != 0 || !mappings.contains(address, size)) {
        return -ENOMEM;
      }
      guest.zero(address, size);
      return address;
    }
    long mapped = mappings.allocate(size);
    if (mapped == -1) {
      return -ENOMEM;
    }
    guest.zero(mapped, size); // a reused range may hold an earlier mapping's bytes
    return mapped;
  }

  private long munmap(long address, long length) {
    long size = MappingArena.pages(length);
    if ((address & 0xFFF) != 0 || length <= 0 || size < 0) {
      return -EINVAL;
    }
    mappings.free(address, size);
    return 0;
  }

  /** Reports every limit as unlimited except the stack's 8 MiB; refuses to change any. */
  private static long prlimit(GuestAccess guest, long resource, long newLimit, long oldLimit) {
    if (newLimit != 0) {
      return -EPERM;
    }
    if (oldLimit != 0) {
      long value = resource == 3 ? STACK_LIMIT : -1; // RLIMIT_STACK, else RLIM_INFINITY
      guest.store64(oldLimit, value);
      guest.store64(oldLimit + 8, value);
    }
    return 0;
  }

  private long getrandom(GuestAccess guest, long buffer, long length) {
    byte[] bytes = new byte[Math.min(checkedLength(length), 256)]; // Linux also may return less
    random.nextBytes(bytes);
    guest.write(buffer, bytes);
    return bytes.length;
  }
}

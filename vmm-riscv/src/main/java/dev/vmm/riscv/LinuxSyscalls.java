package dev.vmm.riscv;

import dev.vmm.riscv.internal.DescriptorSyscalls;
import dev.vmm.riscv.internal.Errno;
import dev.vmm.riscv.internal.FileSyscalls;
import dev.vmm.riscv.internal.FileTable;
import dev.vmm.riscv.internal.FutexTable;
import dev.vmm.riscv.internal.GuestAccess;
import dev.vmm.riscv.internal.GuestPaths;
import dev.vmm.riscv.internal.GuestThreads;
import dev.vmm.riscv.internal.InfoSyscalls;
import dev.vmm.riscv.internal.MappingArena;
import dev.vmm.riscv.internal.NameSyscalls;
import dev.vmm.riscv.internal.OpenFile;
import dev.vmm.riscv.internal.PathResolver;
import dev.vmm.riscv.internal.PathSyscalls;
import dev.vmm.riscv.internal.SyscallError;
import dev.vmm.riscv.internal.ThreadSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The Linux system-call layer of one static program, its threads included: enough for static
 * glibc's startup, stdio, files, threads and exit. Install it as the harts' {@link EcallHandler}
 * and start the program with {@link #run(Hart, long)}.
 *
 * <p>What it serves:
 * <ul>
 *   <li>Descriptors 0, 1 and 2 are the host's streams ({@link Builder#stdin},
 *       {@link Builder#stdout}, {@link Builder#stderr}); {@code ioctl}'s terminal requests succeed
 *       only on those the host marked with {@link Builder#terminal(int)}, else {@code -ENOTTY}.
 *   <li>Files inside one host directory ({@link Builder#fileRoot(Path)}), which the guest sees as
 *       {@code /}: {@code openat}, {@code read}, {@code write}, {@code readv}, {@code writev},
 *       {@code pread64}, {@code pwrite64}, {@code lseek}, {@code close}, {@code fstat},
 *       {@code newfstatat}, {@code getdents64}, {@code readlinkat}, {@code unlinkat},
 *       {@code mkdirat}, {@code renameat2}, {@code faccessat}, {@code ftruncate}, {@code dup},
 *       {@code dup3}, {@code fsync}, {@code fcntl}, {@code chdir}, {@code fchdir},
 *       {@code getcwd}. Neither {@code ..}, nor absolute paths, nor symbolic links lead out of it.
 *       Without a root, every path is {@code -ENOENT}.
 *   <li>Threads: {@code clone} as {@code pthread_create} calls it, each thread a new hart on a Java
 *       thread of its own; {@code futex} wait and wake (with bitsets); {@code set_tid_address};
 *       {@code exit} (one thread) and {@code exit_group} (all); {@code gettid};
 *       {@code sched_yield}.
 *   <li>Memory: {@code brk} within {@link Layout#heapStart()}..{@link Layout#heapLimit()};
 *       anonymous private {@code mmap} (zeroed, from the mapping range), {@code munmap}, and
 *       {@code mprotect} and {@code madvise} (accepted, not enforced).
 *   <li>{@code uname}, {@code sysinfo}, {@code sched_getaffinity}, {@code clock_gettime},
 *       {@code getrandom} (seeded, so runs repeat exactly), {@code prlimit64}, the ids, and as
 *       successful no-ops the signal and robust-list registrations.
 * </ul>
 *
 * <p>One layer serves one run of one program: once the program has ended, every further
 * {@code ecall} halts the hart that makes it.
 *
 * <p>Any other number returns {@code -ENOSYS}, as Linux does for a call it lacks, and is counted
 * in {@link #unknownCalls()} so a host sees what a program missed. Every guest pointer is read
 * and written through the hart's memory port, so it is checked like a load or store; one the port
 * refuses makes the call return {@code -EFAULT}, never a host exception.
 *
 * <p><b>Threads.</b> The layer is shared by all of a program's harts, so it is thread-safe.
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

  /** Configures a {@link LinuxSyscalls}: the host's streams and the directory files live in. */
  public static final class Builder {
    private final Layout layout;
    private InputStream stdin = InputStream.nullInputStream();
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private final boolean[] terminals = new boolean[3];
    private Path fileRoot;

    private Builder(Layout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * Sets what the guest reads from descriptor 0; by default it is at its end.
     *
     * @param in the stream; the layer reads it, never closes it
     * @return this
     */
    public Builder stdin(InputStream in) {
      this.stdin = Objects.requireNonNull(in, "stdin");
      return this;
    }

    /**
     * Sets where descriptor 1 goes; by default nowhere.
     *
     * @param out the stream; the layer writes it, never closes it
     * @return this
     */
    public Builder stdout(OutputStream out) {
      this.stdout = Objects.requireNonNull(out, "stdout");
      return this;
    }

    /**
     * Sets where descriptor 2 goes; by default nowhere.
     *
     * @param out the stream; the layer writes it, never closes it
     * @return this
     */
    public Builder stderr(OutputStream out) {
      this.stderr = Objects.requireNonNull(out, "stderr");
      return this;
    }

    /**
     * Says a standard stream is a terminal: {@code isatty} is true for it and stdio
     * line-buffers it. By default none is.
     *
     * @param fd 0, 1 or 2
     * @return this
     * @throws IllegalArgumentException if {@code fd} is not 0, 1 or 2
     */
    public Builder terminal(int fd) {
      if (fd < 0 || fd > 2) {
        throw new IllegalArgumentException("only descriptors 0, 1 and 2 can be terminals, not "
            + fd);
      }
      terminals[fd] = true;
      return this;
    }

    /**
     * Confines the guest's files to a host directory, which it sees as {@code /} (and as its
     * first working directory). By default there is no file system.
     *
     * @param root an existing directory
     * @return this
     * @throws IllegalArgumentException if {@code root} is not a directory
     */
    public Builder fileRoot(Path root) {
      if (!Files.isDirectory(Objects.requireNonNull(root, "root"))) {
        throw new IllegalArgumentException("file root " + root + " is not a directory");
      }
      this.fileRoot = root;
      return this;
    }

    /**
     * Creates the layer.
     *
     * @return the layer
     * @throws UncheckedIOException if the file root cannot be resolved to a real path
     */
    public LinuxSyscalls build() {
      return new LinuxSyscalls(this);
    }
  }

  private static final int MAP_PRIVATE = 0x02;
  private static final int MAP_FIXED = 0x10;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int PID = 1;
  private static final int O_CLOEXEC = 0x80000;

  private final Layout layout;
  private final MappingArena mappings;
  private final SplittableRandom random = new SplittableRandom(0x5EED);
  private final Map<Long, Long> unknown = new ConcurrentSkipListMap<>();
  private final FileTable files;
  private final FileSyscalls fdCalls;
  private final DescriptorSyscalls descriptorCalls;
  private final GuestPaths paths;
  private final PathSyscalls pathCalls;
  private final NameSyscalls nameCalls;
  private final GuestThreads threads;
  private final ThreadSyscalls threadCalls;
  private long programBreak; // under this

  /**
   * Creates a layer with no standard input, no terminals and no file system.
   *
   * @param layout where the heap and the mappings go; the memory port must accept accesses there
   * @param stdout receives fd 1
   * @param stderr receives fd 2
   */
  public LinuxSyscalls(Layout layout, OutputStream stdout, OutputStream stderr) {
    this(builder(layout).stdout(stdout).stderr(stderr));
  }

  private LinuxSyscalls(Builder builder) {
    this.layout = builder.layout;
    this.mappings = new MappingArena(layout.mappingsStart(), layout.mappingsEnd());
    this.programBreak = layout.heapStart();
    this.files = new FileTable(new OpenFile.HostInput(builder.stdin, builder.terminals[0]),
        new OpenFile.HostOutput(builder.stdout, builder.terminals[1]),
        new OpenFile.HostOutput(builder.stderr, builder.terminals[2]));
    this.fdCalls = new FileSyscalls(files);
    this.descriptorCalls = new DescriptorSyscalls(files);
    try {
      this.paths = new GuestPaths(files,
          builder.fileRoot == null ? null : new PathResolver(builder.fileRoot));
    } catch (IOException e) {
      throw new UncheckedIOException("file root " + builder.fileRoot + " cannot be resolved", e);
    }
    this.pathCalls = new PathSyscalls(files, fdCalls, paths);
    this.nameCalls = new NameSyscalls(paths);
    FutexTable futexes = new FutexTable();
    this.threads = new GuestThreads(futexes);
    this.threadCalls = new ThreadSyscalls(threads, futexes);
  }

  /**
   * Starts configuring a layer.
   *
   * @param layout where the heap and the mappings go; the memory port must accept accesses there
   * @return a builder with no standard streams, no terminals and no file system
   */
  public static Builder builder(Layout layout) {
    return new Builder(layout);
  }

  /**
   * Runs the program whose main thread is {@code main} (created with this layer as its ecall
   * handler, its pc and stack set) until the process ends, and returns how it ended. The
   * threads the program starts run on Java threads of their own; when this returns, all of them
   * have stopped, and the files the program left open are closed.
   *
   * @param main the main thread's hart
   * @param maxInstructions how many instructions all the program's harts together may retire
   * @return {@link HartStop.Halted} with the exit status after {@code exit_group} or the last
   *     thread's {@code exit}; the stop of a hart that faulted, which ends the whole program as
   *     on Linux; {@link HartStop.Deadlocked} when every thread waits on a futex no thread can
   *     wake (where Linux would hang); or {@link HartStop.BudgetExhausted} with the total
   *     retired
   * @throws IllegalArgumentException if {@code maxInstructions} is not positive
   */
  public HartStop run(Hart main, long maxInstructions) {
    return run(main, maxInstructions, HartStopHandler.END_PROGRAM);
  }

  /**
   * Runs the program as {@link #run(Hart, long)} does, with a say in what a hart's fault,
   * illegal instruction or breakpoint means: a host that reports memory violations and goes on
   * lets the hart continue instead of ending the program.
   *
   * @param main the main thread's hart
   * @param maxInstructions how many instructions all the program's harts together may retire
   * @param stopHandler decides, for each such stop of any hart, whether the program ends
   * @return how the program ended, as {@link #run(Hart, long)} says
   * @throws IllegalArgumentException if {@code maxInstructions} is not positive
   */
  public HartStop run(Hart main, long maxInstructions, HartStopHandler stopHandler) {
    Objects.requireNonNull(stopHandler, "stopHandler");
    try {
      return threads.run(main, maxInstructions, stopHandler);
    } finally {
      files.closeAll();
    }
  }

  /** The threads of the process, for a host that drives it in slices ({@link LinuxMachine}). */
  GuestThreads threads() {
    return threads;
  }

  /** Closes every file the program left open, once it has ended. */
  void closeFiles() {
    files.closeAll();
  }

  /**
   * Returns the instructions the program's threads have retired together, as counted when they
   * run through this layer ({@link #run} or a {@link LinuxMachine}).
   *
   * @return the total over every hart of the process
   */
  public long instructionsRetired() {
    return threads.retired();
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
  public synchronized long programBreak() {
    return programBreak;
  }

  @Override
  public void onEcall(Hart hart) {
    if (threads.end() != null) { // the process ended while this hart ran: it stops here
      hart.halt(threads.endStatus());
      return;
    }
    GuestAccess guest = new GuestAccess(hart.memory());
    long result;
    try {
      result = call(hart, guest, hart.x(17), hart.x(10), hart.x(11), hart.x(12), hart.x(13),
          hart.x(14), hart.x(15));
    } catch (GuestAccess.BadAddress e) {
      result = -Errno.EFAULT;
    } catch (SyscallError e) {
      result = e.result();
    }
    hart.setX(10, result);
    if (threads.end() != null) { // e.g. woken from a futex wait because another thread ended it
      hart.halt(threads.endStatus());
    }
  }

  private long call(Hart hart, GuestAccess guest, long number, long a0, long a1, long a2,
      long a3, long a4, long a5) {
    // Past int range a number would alias a small one; it is unknown, not that call.
    return switch (number >= 0 && number <= Integer.MAX_VALUE ? (int) number : -1) {
      case 17 -> paths.getcwd(guest, a0, a1);
      case 23 -> descriptorCalls.dup(a0, -1);
      case 24 -> (a2 & ~O_CLOEXEC) != 0 ? -Errno.EINVAL : descriptorCalls.dup(a0, a1); // dup3
      case 25 -> descriptorCalls.fcntl(a0, a1);
      case 29 -> descriptorCalls.ioctl(guest, a0, a1, a2);
      case 34 -> nameCalls.mkdirat(guest, a0, a1, a2);
      case 35 -> nameCalls.unlinkat(guest, a0, a1, a2);
      case 46 -> fdCalls.ftruncate(a0, a1);
      case 48 -> pathCalls.faccessat(guest, a0, a1, a2);
      case 49 -> paths.chdir(guest, a0);
      case 50 -> paths.fchdir(a0);
      case 56 -> pathCalls.openat(guest, a0, a1, a2, a3);
      case 57 -> fdCalls.close(a0);
      case 61 -> fdCalls.getdents64(guest, a0, a1, a2);
      case 62 -> fdCalls.lseek(a0, a1, a2);
      case 63 -> fdCalls.read(guest, a0, a1, a2);
      case 64 -> fdCalls.write(guest, a0, a1, a2);
      case 65, 66 -> fdCalls.vector(guest, a0, a1, a2, number == 66); // readv, writev
      case 67 -> fdCalls.pread(guest, a0, a1, a2, a3);
      case 68 -> fdCalls.pwrite(guest, a0, a1, a2, a3);
      case 78 -> pathCalls.readlinkat(guest, a0, a1, a2, a3);
      case 79 -> pathCalls.newfstatat(guest, a0, a1, a2, a3);
      case 80 -> fdCalls.fstat(guest, a0, a1);
      case 82, 83 -> { // fsync, fdatasync: the host's file system decides when bytes are durable
        files.get(a0);
        yield 0;
      }
      case 93 -> {
        threads.exitThread(hart, guest, a0);
        yield a0;
      }
      case 94 -> {
        threads.exitGroup(hart, a0);
        yield a0;
      }
      case 96 -> threads.setClearChildTid(hart, a0); // set_tid_address
      case 98 -> threadCalls.futex(guest, hart.pc(), a0, a1, a2, a3, a5);
      case 123 -> InfoSyscalls.schedGetaffinity(guest, a1, a2,
          Runtime.getRuntime().availableProcessors());
      case 124 -> { // sched_yield
        Thread.yield();
        yield 0;
      }
      case 172 -> PID; // getpid
      case 178 -> threads.tid(hart); // gettid
      case 179 -> InfoSyscalls.sysinfo(guest, (layout.heapLimit() - layout.heapStart())
          + (layout.mappingsEnd() - layout.mappingsStart()), a0);
      case 220 -> threadCalls.clone(hart, guest, a0, a1, a2, a3, a4);
      case 99, 134, 135 -> // set_robust_list, rt_sigaction, rt_sigprocmask
          InfoSyscalls.sigNoop(guest, number, a2);
      case 113 -> InfoSyscalls.clockGettime(guest, a0, a1);
      case 160 -> InfoSyscalls.uname(guest, a0);
      case 174, 175, 176, 177 -> 0; // getuid, geteuid, getgid, getegid: root
      case 214 -> brk(guest, a0);
      case 215 -> munmap(a0, a1);
      case 222 -> mmap(guest, a0, a1, a3);
      case 226 -> 0; // mprotect: protection is not enforced here
      case 233 -> 0; // madvise: glibc frees exited threads' stacks with it and relies on nothing
      case 261 -> InfoSyscalls.prlimit(guest, a1, a2, a3);
      case 276 -> nameCalls.renameat2(guest, a0, a1, a2, a3, a4);
      case 278 -> getrandom(guest, a0, a1);
      case 435 -> -Errno.ENOSYS; // clone3: served by refusing, so glibc falls back to clone
      case 439 -> pathCalls.faccessat(guest, a0, a1, a2); // faccessat2: flags as faccessat
      default -> {
        unknown.merge(number, 1L, Long::sum);
        yield -Errno.ENOSYS;
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

  /** Grows or shrinks the heap; like Linux, answers the unchanged break when it cannot. */
  private synchronized long brk(GuestAccess guest, long requested) {
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

  private synchronized long mmap(GuestAccess guest, long address, long length, long flags) {
    if ((flags & (MAP_ANONYMOUS | MAP_PRIVATE)) != (MAP_ANONYMOUS | MAP_PRIVATE)) {
      return (flags & MAP_ANONYMOUS) == 0 ? -Errno.ENODEV : -Errno.EINVAL; // no files, no sharing
    }
    long size = MappingArena.pages(length);
    if (length <= 0 || size < 0) {
      return -Errno.EINVAL;
    }
    if ((flags & MAP_FIXED) != 0) { // only a range already in the arena can be replaced
      if ((address & 0xFFF) != 0 || !mappings.contains(address, size)) {
        return -Errno.ENOMEM;
      }
      guest.zero(address, size);
      return address;
    }
    long mapped = mappings.allocate(size);
    if (mapped == -1) {
      return -Errno.ENOMEM;
    }
    guest.zero(mapped, size); // a reused range may hold an earlier mapping's bytes
    return mapped;
  }

  private synchronized long munmap(long address, long length) {
    long size = MappingArena.pages(length);
    if ((address & 0xFFF) != 0 || length <= 0 || size < 0) {
      return -Errno.EINVAL;
    }
    mappings.free(address, size);
    return 0;
  }

  private synchronized long getrandom(GuestAccess guest, long buffer, long length) {
    byte[] bytes = new byte[Math.min(checkedLength(length), 256)]; // Linux also may return less
    random.nextBytes(bytes);
    guest.write(buffer, bytes);
    return bytes.length;
  }
}

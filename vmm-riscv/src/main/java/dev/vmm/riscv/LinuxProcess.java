package dev.vmm.riscv;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.internal.GuestLayout;
import dev.vmm.riscv.internal.LinuxRun;
import dev.vmm.riscv.internal.ViolationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs a static RISC-V Linux program on vmm-memory's tagged memory: the one call a command line
 * or a hypervisor needs to run {@code prog.elf} with its heap bugs caught on the access.
 *
 * <pre>{@code
 * LinuxProcess process = LinuxProcess.builder(Path.of("prog"))
 *     .argv(List.of("prog", "input")).stdout(System.out).stderr(System.err).build();
 * process.warnings().forEach(System.err::println);     // e.g. a stripped program
 * ProcessResult result = process.run();
 * System.err.print(result.report());                   // ASan-style reports, leaks
 * System.exit(result.exitCode());
 * }</pre>
 *
 * <p><b>What happens.</b> The program's segments are mapped with their permissions (code and
 * read-only data as read-only regions, written by the loader through the host path; only the
 * {@code PF_X} pages may be executed), followed by a brk area, the tagged heap, an mmap area and
 * the stack, in a guest memory of {@link Builder#memorySize(long)} bytes (the layout is
 * {@code GuestLayout}'s, documented in the README). The calls of {@code malloc}, {@code calloc},
 * {@code realloc}, {@code free}, {@code memalign}, {@code aligned_alloc}, {@code posix_memalign},
 * {@code malloc_usable_size}, {@code valloc} and {@code pvalloc}, found in the symbol table, are
 * served by the tagged allocator with the caller's return address as the site. The system calls
 * are {@link LinuxSyscalls}', their pointers checked like loads and stores. A program without a
 * symbol table still runs, with its own allocator and the region checks only;
 * {@link #warnings()} says so.
 *
 * <p>Each {@link #run()} starts afresh in a new memory, which is released when it returns. A
 * host that drives the program itself (pauses it, serves some calls first) uses
 * {@link #newMemory()} and {@link #start} instead, which give a {@link LinuxMachine}.
 */
public final class LinuxProcess {
  /** The most violation reports a run keeps when it continues after them. */
  public static final int MAX_REPORTS = 1000;

  /** What a run does when the memory checks find a violation. */
  public enum AfterViolation {
    /** Stop the program at the faulting instruction, as AddressSanitizer does by default. */
    HALT,
    /**
     * Report it and go on, with the failing access having no effect (a load reads 0, a store or
     * a bad {@code free} is skipped, a system call answers {@code -EFAULT}).
     */
    CONTINUE
  }

  private final ElfImage image;
  private final GuestLayout layout;
  private final LinuxRun run;
  private final long memorySize;
  private final CheckMode mode;
  private final long quarantineBytes;
  private final Long tagSeed;
  private final ViolationPolicy policy = new ViolationPolicy();

  private LinuxProcess(ElfImage image, GuestLayout layout, Builder options) {
    this.image = image;
    this.layout = layout;
    this.run = new LinuxRun(layout, options.argv, options.envp, options.stdin, options.stdout,
        options.stderr, options.fileRoot, options.afterViolation == AfterViolation.HALT,
        options.instructionBudget);
    this.memorySize = options.memorySize;
    this.mode = options.mode;
    this.quarantineBytes = options.quarantineBytes;
    this.tagSeed = options.tagSeed;
  }

  /**
   * Starts configuring a process for a program file.
   *
   * @param program the path of a static RISC-V executable
   * @return a builder with the defaults {@link Builder} lists, {@code argv} the path
   * @throws IOException if the file cannot be read
   */
  public static Builder builder(Path program) throws IOException {
    return new Builder(Files.readAllBytes(program)).argv(List.of(program.toString()));
  }

  /**
   * Starts configuring a process for a program's bytes.
   *
   * @param elf the whole executable file; copied
   * @return a builder with the defaults {@link Builder} lists
   */
  public static Builder builder(byte[] elf) {
    return new Builder(elf.clone());
  }

  /**
   * Returns what the host should tell the user before the run: for example that the program has
   * no symbol table, so its allocator is not redirected and reports have no function names.
   *
   * @return the warnings, one line each; empty for a program with symbols
   */
  public List<String> warnings() {
    return LinuxRun.warnings(image);
  }

  /**
   * Returns what {@link #warnings()} would say for a program, before any process is planned.
   *
   * @param image the program
   * @return the warnings, one line each; empty for a program with symbols
   */
  public static List<String> warnings(ElfImage image) {
    return LinuxRun.warnings(image);
  }

  /**
   * Runs the program to its end, its first memory violation (unless continuing), a fault, or the
   * end of the instruction budget, in a new memory released before this returns. Never throws
   * for what the guest does.
   *
   * @return the outcome, with the reports and the leaks
   */
  public ProcessResult run() {
    try (GuestMemory memory = newMemory()) {
      LinuxMachine machine = start(memory, UnaryOperator.identity());
      while (machine.runSlice(Long.MAX_VALUE)) {
        // One slice of Long.MAX_VALUE instructions runs to the end; the loop only guards that.
      }
      return machine.result();
    }
  }

  /**
   * Builds a memory laid out for this program (its segments, brk, the tagged heap, mmap, the
   * stack) with this process's checks, quarantine and tag seed, and a violation handler that
   * throws, so that a host reading or writing it for the guest sees a violation as a
   * {@link dev.vmm.memory.MemoryViolationException}.
   *
   * @return the memory; the caller closes it, after the program has ended
   */
  public GuestMemory newMemory() {
    GuestMemory.Builder memory = layout.memoryBuilder(memorySize).mode(mode)
        .violationHandler(policy);
    if (quarantineBytes >= 0) {
      memory.quarantineBytes(quarantineBytes);
    }
    if (tagSeed != null) {
      memory.tagSeed(tagSeed);
    }
    return memory.build();
  }

  /**
   * Loads the program into a memory from {@link #newMemory()} and returns it ready to run in
   * slices.
   *
   * @param memory a memory this process's {@link #newMemory()} built, not used by another run
   * @param kernel wraps the program's Linux system-call handler, so the host can serve some
   *     {@code ecall}s first (for example hypercalls) and pass the rest on; the identity for
   *     none
   * @return the machine, not yet running
   */
  public LinuxMachine start(GuestMemory memory, UnaryOperator<EcallHandler> kernel) {
    Objects.requireNonNull(kernel, "kernel");
    return new LinuxMachine(run, memory, run.start(memory, policy, image, kernel));
  }

  /**
   * Configures a {@link LinuxProcess}. Defaults: {@code argv} of the program's path (or
   * {@code "prog"}), no environment, no input, output discarded, no files, 128 MiB of guest memory, the memory's
   * default quarantine (a quarter of the heap), checked mode, halt on the first violation, no
   * instruction limit, tags from a random seed.
   */
  public static final class Builder {
    private final byte[] elf;
    private List<String> argv = List.of("prog");
    private List<String> envp = List.of();
    private InputStream stdin = InputStream.nullInputStream();
    private Path fileRoot;
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private long memorySize = 128L << 20;
    private long quarantineBytes = -1;
    private CheckMode mode = CheckMode.CHECKED;
    private AfterViolation afterViolation = AfterViolation.HALT;
    private long instructionBudget = Long.MAX_VALUE;
    private Long tagSeed;

    private Builder(byte[] elf) {
      this.elf = elf;
    }

    /**
     * Sets the arguments.
     *
     * @param argv {@code argv[0]} first; at least one
     * @return this builder
     * @throws IllegalArgumentException if {@code argv} is empty
     */
    public Builder argv(List<String> argv) {
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv needs at least the program name");
      }
      this.argv = List.copyOf(argv);
      return this;
    }

    /**
     * Sets the environment.
     *
     * @param envp {@code NAME=value} strings
     * @return this builder
     */
    public Builder envp(List<String> envp) {
      this.envp = List.copyOf(envp);
      return this;
    }

    /**
     * Sets what file descriptor 0 reads; by default it is at its end.
     *
     * @param stdin the stream, not closed by the run
     * @return this builder
     */
    public Builder stdin(InputStream stdin) {
      this.stdin = Objects.requireNonNull(stdin, "stdin");
      return this;
    }

    /**
     * Confines the program's files to a host directory, which it sees as {@code /}; by default
     * it has no files at all (see {@link LinuxSyscalls.Builder#fileRoot(Path)}).
     *
     * @param root an existing directory
     * @return this builder
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
     * Sets where file descriptor 1 goes.
     *
     * @param stdout the stream, not closed by the run
     * @return this builder
     */
    public Builder stdout(OutputStream stdout) {
      this.stdout = Objects.requireNonNull(stdout, "stdout");
      return this;
    }

    /**
     * Sets where file descriptor 2 goes.
     *
     * @param stderr the stream, not closed by the run
     * @return this builder
     */
    public Builder stderr(OutputStream stderr) {
      this.stderr = Objects.requireNonNull(stderr, "stderr");
      return this;
    }

    /**
     * Sets the guest memory size.
     *
     * @param bytes a multiple of 4 KiB, at least 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if it is smaller or not page aligned
     */
    public Builder memorySize(long bytes) {
      if (bytes < 16 << 20 || bytes % GuestMemory.PAGE_SIZE != 0) {
        throw new IllegalArgumentException(
            "memory size must be a multiple of 4 KiB and at least 16 MiB: " + bytes);
      }
      this.memorySize = bytes;
      return this;
    }

    /**
     * Sets how many bytes of freed blocks the quarantine holds back from reuse.
     *
     * @param bytes 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder quarantineBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("quarantineBytes must not be negative: " + bytes);
      }
      this.quarantineBytes = bytes;
      return this;
    }

    /**
     * Sets whether loads and stores are checked; the allocator checks frees either way.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder checkMode(CheckMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets whether the first violation halts the program.
     *
     * @param after halt or continue
     * @return this builder
     */
    public Builder afterViolation(AfterViolation after) {
      this.afterViolation = Objects.requireNonNull(after, "after");
      return this;
    }

    /**
     * Limits the run to a number of guest instructions.
     *
     * @param instructions positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder instructionBudget(long instructions) {
      if (instructions <= 0) {
        throw new IllegalArgumentException("instructionBudget must be positive: " + instructions);
      }
      this.instructionBudget = instructions;
      return this;
    }

    /**
     * Seeds the heap's tag generator, so that a run's reports repeat exactly.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder tagSeed(long seed) {
      this.tagSeed = seed;
      return this;
    }

    /**
     * Parses the program and plans its memory.
     *
     * @return the process, ready to run
     * @throws ElfFormatException if the file is not a static RV64 executable, or does not fit in
     *     the memory size ({@link ElfFormatException.Reason#TOO_LARGE})
     */
    public LinuxProcess build() throws ElfFormatException {
      ElfImage image = ElfImage.parse(elf);
      return new LinuxProcess(image, GuestLayout.plan(image, memorySize), this);
    }
  }
}

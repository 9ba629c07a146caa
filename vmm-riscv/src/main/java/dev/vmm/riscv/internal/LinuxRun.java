package dev.vmm.riscv.internal;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.LeakReport;
import dev.vmm.memory.Region;
import dev.vmm.riscv.ElfImage;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.InitialStack;
import dev.vmm.riscv.LinuxProcess;
import dev.vmm.riscv.LinuxSyscalls;
import dev.vmm.riscv.LoadedProgram;
import dev.vmm.riscv.ProcessResult;
import dev.vmm.riscv.ProcessResult.Outcome;
import dev.vmm.riscv.SegmentHartMemory;
import dev.vmm.riscv.ViolationReport;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.HartStopHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a Linux program runs on tagged memory: loads it, starts a hart with the malloc redirect
 * and the system calls ({@link #start}), and turns how it ended into a result ({@link #result});
 * {@code LinuxMachine} drives the harts in between, collecting violation reports from every
 * hart. To continue after a violation it runs the faulting instruction once
 * more with the report suppressed, so the access takes its no-effect outcome (see
 * {@link ViolationPolicy}).
 *
 * @param layout where everything goes
 * @param argv the arguments
 * @param envp the environment
 * @param stdin fd 0
 * @param stdout fd 1
 * @param stderr fd 2
 * @param fileRoot the directory the guest sees as {@code /}, or null for no files
 * @param halt whether the first violation stops the program
 * @param instructionBudget the most instructions to run
 */
public record LinuxRun(GuestLayout layout, List<String> argv, List<String> envp,
    InputStream stdin, OutputStream stdout, OutputStream stderr, Path fileRoot, boolean halt,
    long instructionBudget) {
  private static final LeakReport NO_LEAKS = new LeakReport(List.of(), 0);

  /**
   * Says what a host should tell its user about a program before running it.
   *
   * @param image the program
   * @return warning lines, empty if there is nothing to say
   */
  public static List<String> warnings(ElfImage image) {
    if (image.symbols().all().isEmpty()) {
      return List.of("warning: the program has no symbol table (stripped): malloc is not"
          + " redirected to the tagged heap, so only region checks apply (no use after free,"
          + " overflow or bad free reports), and addresses are not symbolized");
    }
    if (image.symbols().byName("malloc").isEmpty() || image.symbols().byName("free").isEmpty()) {
      return List.of("warning: no malloc and free in the symbol table: the program's allocator"
          + " is not redirected to the tagged heap, so only region checks apply");
    }
    return List.of();
  }

  /**
   * Loads the program into a memory laid out by {@link #layout} and makes its main hart, ready
   * to run: the malloc redirect, the reporting system calls (wrapped by {@code kernel}), the
   * initial stack.
   *
   * @param memory the memory, its violation handler {@code policy}
   * @param policy the memory's violation handler
   * @param image the program
   * @param kernel wraps the Linux system calls, for a host that serves other calls first
   * @return the started program
   */
  public Started start(GuestMemory memory, ViolationPolicy policy, ElfImage image,
      UnaryOperator<EcallHandler> kernel) {
    LoadedProgram program = image.load(new SegmentHartMemory(memory.physical(), 0), layout.bias());
    TaggedMemoryPort port = new TaggedMemoryPort(memory, layout.executable());
    MallocRedirect malloc = MallocRedirect.find(program.symbols(), memory);
    Region brk = layout.brk();
    Region mmap = layout.mmap();
    // As terminals, so stdio line-buffers stdout: what a program printed before a violation
    // halted it is out, as when ASan stops a program on a shell.
    LinuxSyscalls.Builder builder = LinuxSyscalls.builder(
            new LinuxSyscalls.Layout(brk.base(), brk.end(), mmap.base(), mmap.end()))
        .stdin(stdin).stdout(stdout).stderr(stderr).terminal(1).terminal(2);
    if (fileRoot != null) {
      builder.fileRoot(fileRoot);
    }
    LinuxSyscalls linux = builder.build();
    List<ViolationReport> reports = Collections.synchronizedList(new ArrayList<>());
    Hart hart = Hart.create(port,
        Objects.requireNonNull(kernel.apply(new ReportingSyscalls(linux, policy, halt, reports)),
            "kernel"),
        malloc);
    hart.setPc(program.entry());
    hart.setX(2, InitialStack.build(port, program, layout.stack().end(), argv, envp,
        new byte[16]));
    return new Started(hart, linux, malloc, program, reports,
        (stopped, why) -> afterStop(stopped, why, policy, reports));
  }

  /**
   * A loaded program with its main hart, not yet run.
   *
   * @param hart the main thread's hart
   * @param linux its system calls
   * @param malloc its malloc redirect
   * @param program the loaded program
   * @param reports where every hart's violation reports go
   * @param stopHandler what a hart's fault means: a violation reported, and stepped over unless
   *     the run halts on one
   */
  public record Started(Hart hart, LinuxSyscalls linux, MallocRedirect malloc,
      LoadedProgram program, List<ViolationReport> reports, HartStopHandler stopHandler) {}

  /**
   * Builds the result of an ended run: the outcome, the reports and, after an exit, the leaks.
   *
   * @param memory the program's memory, still open
   * @param started the program
   * @param stop how it ended
   * @return the result
   */
  public ProcessResult result(GuestMemory memory, Started started, HartStop stop) {
    Outcome outcome = outcome(stop);
    Hart hart = started.hart();
    List<ViolationReport> reports = started.reports();
    LeakReport leaks = outcome == Outcome.EXITED
        ? LeakScan.unreachable(memory, registers(hart), roots(hart, started.linux())) : NO_LEAKS;
    synchronized (reports) {
      return new ProcessResult(outcome, exitCode(stop), stop,
          reports.size() > LinuxProcess.MAX_REPORTS
              ? reports.subList(0, LinuxProcess.MAX_REPORTS) : reports,
          leaks, started.linux().instructionsRetired(), started.malloc().redirects(),
          started.linux().unknownCalls(), started.program().symbols());
    }
  }

  /**
   * What a hart's stop means: a violation is reported and, unless the process halts on one,
   * stepped over, after which the hart runs on; any other stop ends the process.
   */
  private HartStop afterStop(Hart hart, HartStop stop, ViolationPolicy policy,
      List<ViolationReport> reports) {
    if (!(stop instanceof HartStop.MemoryFault fault) || fault.violation().isEmpty()) {
      return stop;
    }
    synchronized (reports) {
      if (reports.size() < LinuxProcess.MAX_REPORTS) {
        reports.add(new ViolationReport(fault.pc(), fault.violation().get()));
      }
    }
    if (halt) {
      return stop;
    }
    policy.suppressing(true);
    HartStop step;
    try {
      step = hart.run(1);
    } finally {
      policy.suppressing(false);
    }
    // Stepped over: run on. Otherwise the instruction itself ended the thread (an exit call)
    // or the process.
    return step instanceof HartStop.BudgetExhausted ? null : step;
  }

  private static Outcome outcome(HartStop stop) {
    return switch (stop) {
      case HartStop.Halted h -> Outcome.EXITED;
      case HartStop.BudgetExhausted b -> Outcome.OUT_OF_BUDGET;
      case HartStop.MemoryFault f when f.violation().isPresent() -> Outcome.MEMORY_VIOLATION;
      default -> Outcome.FAULT;
    };
  }

  private static int exitCode(HartStop stop) {
    return switch (stop) {
      case HartStop.Halted h -> (int) h.status();
      case HartStop.BudgetExhausted b -> 124;
      case HartStop.MemoryFault f when f.violation().isPresent() -> 1;
      case HartStop.MemoryFault f -> 128 + 11; // SIGSEGV
      case HartStop.IllegalInstruction i -> 128 + 4; // SIGILL
      case HartStop.Breakpoint b -> 128 + 5; // SIGTRAP
      case HartStop.Deadlocked d -> 124; // as timeout(1) reports a program that never ends
    };
  }

  private static long[] registers(Hart hart) {
    long[] x = new long[32];
    for (int i = 1; i < 32; i++) {
      x[i] = hart.x(i);
    }
    return x;
  }

  /** The program's writable pages, the brk area in use, the mmap area, the live stack. */
  private long[] roots(Hart hart, LinuxSyscalls linux) {
    List<Long> roots = new ArrayList<>();
    for (Region r : layout.program()) {
      if (r.kind() == Region.Kind.RAM) {
        roots.add(r.base());
        roots.add(r.end());
      }
    }
    roots.add(layout.brk().base());
    roots.add(linux.programBreak());
    roots.add(layout.mmap().base());
    roots.add(layout.mmap().end());
    long sp = hart.x(2);
    Region stack = layout.stack();
    roots.add(stack.contains(sp) ? sp : stack.base());
    roots.add(stack.end());
    return roots.stream().mapToLong(Long::longValue).toArray();
  }
}

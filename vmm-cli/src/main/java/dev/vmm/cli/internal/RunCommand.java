package dev.vmm.cli.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestExit;
import dev.vmm.core.GuestProgram;
import dev.vmm.core.Vmm;
import dev.vmm.memory.CheckMode;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.LinuxProcess;
import dev.vmm.riscv.ProcessResult;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmm run prog [args...]}: one static RISC-V Linux program on tagged memory, in a new guest
 * of the VMM the root component builds; the program's standard streams are the terminal's.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs a static RISC-V Linux program in a new guest whose heap is tagged: every load and store"
          + " is checked, and a heap bug stops the program with an AddressSanitizer-style report.",
      "",
      "Exit status: the program's own; 1 after a memory violation; 128+signal for another fault"
          + " (139 bad jump, 132 illegal instruction); 124 when --max-instructions ran out;"
          + " 126 when the file is not a program vmm can run; 127 when it does not exist;"
          + " 70 when vmm itself failed."
    },
    sortOptions = false)
public final class RunCommand implements Callable<Integer> {
  static final int CANNOT_EXECUTE = 126;
  static final int NOT_FOUND = 127;
  /** The guest kernel failed (a host bug): as sysexits' EX_SOFTWARE. */
  static final int INTERNAL_ERROR = 70;

  @ParentCommand VmmCommand root;

  @Parameters(index = "0", paramLabel = "PROGRAM", description = "The static RISC-V executable.")
  Path program;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments passed to the program.")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = "--quarantine",
      paramLabel = "SIZE",
      converter = ByteSizeConverter.class,
      description = "Bytes of freed memory held back before reuse (e.g. 16M); more catches"
          + " older use-after-free. Default: a quarter of the heap.")
  Long quarantine;

  @Option(
      names = "--leaks",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Report allocations unreachable at exit (default: ${DEFAULT-VALUE}).")
  boolean leaks;

  @Option(
      names = "--continue",
      description = "Report each violation and go on (the bad access has no effect) instead of"
          + " halting at the first.")
  boolean continueAfterViolation;

  @Option(
      names = "--unchecked",
      description = "Turn the tag and bounds checks off: only the region map is enforced.")
  boolean unchecked;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      converter = ByteSizeConverter.class,
      defaultValue = "128M",
      description = "Guest memory size (default: ${DEFAULT-VALUE}).")
  long memory;

  @Option(
      names = "--max-instructions",
      paramLabel = "N",
      description = "Stop the program after N instructions (exit status 124).")
  Long maxInstructions;

  @Option(
      names = "--stats",
      description = "Print the instructions retired and the time taken at exit.")
  boolean stats;

  @Override
  public Integer call() {
    Console console = root.console();
    GuestProgram.Linux linux;
    try {
      List<String> argv = new ArrayList<>();
      argv.add(program.toString());
      argv.addAll(arguments);
      GuestProgram.Linux.Builder builder = GuestProgram.Linux.builder(program)
          .argv(argv)
          .stdin(console.in())
          .checkMode(unchecked ? CheckMode.UNCHECKED : CheckMode.CHECKED)
          .afterViolation(continueAfterViolation
              ? LinuxProcess.AfterViolation.CONTINUE
              : LinuxProcess.AfterViolation.HALT);
      if (maxInstructions != null) {
        builder.instructionBudget(maxInstructions);
      }
      linux = builder.build();
    } catch (NoSuchFileException e) {
      console.err().println("vmm run: no such file: " + program);
      return NOT_FOUND;
    } catch (IOException e) {
      console.err().println("vmm run: cannot read " + program + ": " + e.getMessage());
      return NOT_FOUND;
    } catch (ElfFormatException e) {
      return cannotRun(console, e);
    } catch (IllegalArgumentException e) {
      console.err().println("vmm run: " + e.getMessage());
      return CANNOT_EXECUTE;
    }
    try (Vmm vmm = root.component().run().vmm()) {
      Guest guest;
      try {
        GuestConfig.Builder config = GuestConfig.builder(program.getFileName().toString())
            .memorySize(memory)
            .tagSeed(new SplittableRandom().nextLong())
            .program(linux)
            .stdout(console.out())
            .stderr(console.err());
        if (quarantine != null) {
          config.quarantineBytes(quarantine);
        }
        guest = vmm.create(config.build());
      } catch (IllegalArgumentException e) {
        if (e.getCause() instanceof ElfFormatException elf) {
          return cannotRun(console, elf);
        }
        console.err().println("vmm run: " + e.getMessage());
        return CANNOT_EXECUTE;
      }
      linux.warnings().forEach(w -> console.err().println("vmm run: warning: " + w));
      long start = System.nanoTime();
      vmm.start(guest);
      GuestExit exit = awaitExit(guest);
      long nanos = System.nanoTime() - start;
      console.out().flush();
      if (!(exit instanceof GuestExit.ProcessEnded(ProcessResult result))) {
        console.err().println("vmm run: the guest " + exit.describe());
        console.err().flush();
        return INTERNAL_ERROR;
      }
      console.err().print(result.report(leaks));
      if (stats) {
        console.err().println(statistics(result, nanos));
      }
      console.err().flush();
      return result.exitCode();
    }
  }

  private int cannotRun(Console console, ElfFormatException e) {
    console.err().println("vmm run: cannot run " + program + ": " + e.getMessage());
    return CANNOT_EXECUTE;
  }

  /** The run is the command: an interrupt does not end it, the program does. */
  private static GuestExit awaitExit(Guest guest) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          Optional<GuestExit> exit = guest.awaitExit(Duration.ofDays(1));
          if (exit.isPresent()) {
            return exit.get();
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String statistics(ProcessResult result, long nanos) {
    double seconds = nanos / 1e9;
    return String.format(Locale.ROOT,
        "vmm run: %,d instructions in %.3f s (%.1f million per second), %s",
        result.instructions(), seconds, result.instructions() / seconds / 1e6,
        result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }
}

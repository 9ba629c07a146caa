package dev.vmm.cli.internal;

import dev.vmm.memory.CheckMode;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.LinuxProcess;
import dev.vmm.riscv.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vmm run prog [args...]}: one static RISC-V Linux program on tagged memory. */
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
          + " 126 when the file is not a program vmm can run; 127 when it does not exist."
    },
    sortOptions = false)
public final class RunCommand implements Callable<Integer> {
  static final int CANNOT_EXECUTE = 126;
  static final int NOT_FOUND = 127;

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
    LinuxProcess process;
    try {
      List<String> argv = new ArrayList<>();
      argv.add(program.toString());
      argv.addAll(arguments);
      LinuxProcess.Builder builder = LinuxProcess.builder(Files.readAllBytes(program))
          .argv(argv)
          .stdout(console.out())
          .stderr(console.err())
          .memorySize(memory)
          .checkMode(unchecked ? CheckMode.UNCHECKED : CheckMode.CHECKED)
          .afterViolation(continueAfterViolation
              ? LinuxProcess.AfterViolation.CONTINUE
              : LinuxProcess.AfterViolation.HALT);
      if (quarantine != null) {
        builder.quarantineBytes(quarantine);
      }
      if (maxInstructions != null) {
        builder.instructionBudget(maxInstructions);
      }
      process = builder.build();
    } catch (NoSuchFileException e) {
      console.err().println("vmm run: no such file: " + program);
      return NOT_FOUND;
    } catch (IOException e) {
      console.err().println("vmm run: cannot read " + program + ": " + e.getMessage());
      return NOT_FOUND;
    } catch (ElfFormatException e) {
      console.err().println("vmm run: cannot run " + program + ": " + e.getMessage());
      return CANNOT_EXECUTE;
    } catch (IllegalArgumentException e) {
      console.err().println("vmm run: " + e.getMessage());
      return CANNOT_EXECUTE;
    }
    process.warnings().forEach(w -> console.err().println("vmm run: warning: " + w));
    long start = System.nanoTime();
    ProcessResult result = process.run();
    long nanos = System.nanoTime() - start;
    console.out().flush();
    console.err().print(result.report(leaks));
    if (stats) {
      console.err().println(statistics(result, nanos));
    }
    console.err().flush();
    return result.exitCode();
  }

  private static String statistics(ProcessResult result, long nanos) {
    double seconds = nanos / 1e9;
    return String.format(Locale.ROOT,
        "vmm run: %,d instructions in %.3f s (%.1f million per second), %s",
        result.instructions(), seconds, result.instructions() / seconds / 1e6,
        result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }
}

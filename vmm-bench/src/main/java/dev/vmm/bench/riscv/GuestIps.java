package dev.vmm.bench.riscv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The guest-IPS command: runs {@link GuestIpsBenchmark} for each program on each memory, times
 * the same binaries on qemu-riscv64 (where installed), and prints guest instructions per second,
 * how far checked is from unchecked, and how many times slower than qemu the interpreter is.
 *
 * <pre>
 * java -cp vmm-bench/target/benchmarks.jar dev.vmm.bench.riscv.GuestIps [program ...]
 * </pre>
 *
 * <p>Programs are {@code sieve}, {@code sha256}, {@code qsort}; none means all three.
 */
public final class GuestIps {
  private static final int QEMU_RUNS = 5;

  private GuestIps() {}

  /**
   * Runs the comparison.
   *
   * @param args the programs to run, by name; all of them if none
   * @throws Exception if JMH, qemu or a guest fails
   */
  public static void main(String[] args) throws Exception {
    List<BenchProgram> programs = new ArrayList<>();
    for (String arg : args) {
      programs.add(BenchProgram.valueOf(arg.toUpperCase(Locale.ROOT)));
    }
    if (programs.isEmpty()) {
      programs.addAll(List.of(BenchProgram.values()));
    }
    Map<BenchProgram, Map<MemorySetup, RunResult>> results = interpreter(programs);
    boolean qemu = QemuTimer.available();
    if (!qemu) {
      System.out.println("qemu-riscv64 not installed: no qemu column (apt-get install qemu-user)");
    }
    System.out.println();
    System.out.printf("%-8s %-10s %16s %14s %10s %10s %12s%n", "program", "memory",
        "instr/run", "M instr/s", "s/run", "qemu s/run", "x qemu time");
    for (BenchProgram program : programs) {
      double qemuSeconds = qemu ? QemuTimer.medianSeconds(program, QEMU_RUNS) : Double.NaN;
      Map<MemorySetup, RunResult> byMemory = results.get(program);
      for (MemorySetup memory : MemorySetup.values()) {
        RunResult result = byMemory.get(memory);
        Result<?> ips = result.getSecondaryResults().get("instructions");
        double seconds = 1 / result.getPrimaryResult().getScore();
        System.out.printf("%-8s %-10s %16.0f %7.1f ± %4.1f %10.3f %10.3f %12s%n",
            program.name().toLowerCase(Locale.ROOT), memory.name().toLowerCase(Locale.ROOT),
            ips.getScore() * seconds, ips.getScore() / 1e6, ips.getScoreError() / 1e6, seconds,
            qemuSeconds, qemu ? String.format(Locale.ROOT, "%.1fx", seconds / qemuSeconds) : "-");
      }
      double checked = byMemory.get(MemorySetup.CHECKED).getPrimaryResult().getScore();
      double unchecked = byMemory.get(MemorySetup.UNCHECKED).getPrimaryResult().getScore();
      System.out.printf("%-8s checked takes %.2fx the time of unchecked%n",
          program.name().toLowerCase(Locale.ROOT), unchecked / checked);
    }
  }

  private static Map<BenchProgram, Map<MemorySetup, RunResult>> interpreter(
      List<BenchProgram> programs) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(GuestIpsBenchmark.class.getName())
        .param("program", programs.stream().map(Enum::name).toArray(String[]::new))
        .verbosity(VerboseMode.NORMAL);
    Collection<RunResult> runs = new Runner(options.build()).run();
    Map<BenchProgram, Map<MemorySetup, RunResult>> results = new EnumMap<>(BenchProgram.class);
    for (RunResult run : runs) {
      BenchProgram program = BenchProgram.valueOf(run.getParams().getParam("program"));
      MemorySetup memory = MemorySetup.valueOf(run.getParams().getParam("memory"));
      results.computeIfAbsent(program, p -> new EnumMap<>(MemorySetup.class)).put(memory, run);
    }
    return results;
  }
}

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
 * the same binaries on qemu-riscv64 (where installed), and prints guest instructions per second
 * (of wall time, and of the benchmark thread's CPU time, which a busy shared machine disturbs far
 * less), how far checked is from unchecked, and how many times slower than qemu the interpreter
 * is (CPU seconds per run against qemu's wall seconds: qemu-riscv64 runs a guest thread on one
 * host thread, and a process's wall time is all we time).
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
    System.out.printf("%-8s %-10s %12s %16s %12s %9s %10s %11s%n", "program", "memory",
        "instr/run", "M instr/s wall", "M instr/CPUs", "CPU s/run", "qemu s/run", "x qemu time");
    for (BenchProgram program : programs) {
      double qemuSeconds = qemu ? QemuTimer.bestSeconds(program, QEMU_RUNS) : Double.NaN;
      Map<MemorySetup, RunResult> byMemory = results.get(program);
      for (MemorySetup memory : MemorySetup.values()) {
        RunResult result = byMemory.get(memory);
        Result<?> ips = result.getSecondaryResults().get("instructions");
        double perRun = ips.getScore() / result.getPrimaryResult().getScore();
        double cpuIps = cpuIps(result);
        double cpuSeconds = perRun / cpuIps;
        System.out.printf("%-8s %-10s %12.0f %7.1f ± %6.1f %12.1f %9.3f %10.3f %11s%n",
            program.name().toLowerCase(Locale.ROOT), memory.name().toLowerCase(Locale.ROOT),
            perRun, ips.getScore() / 1e6, ips.getScoreError() / 1e6, cpuIps / 1e6, cpuSeconds,
            qemuSeconds,
            qemu ? String.format(Locale.ROOT, "%.1fx", cpuSeconds / qemuSeconds) : "-");
      }
      System.out.printf("%-8s checked takes %.2fx the CPU time of unchecked%n",
          program.name().toLowerCase(Locale.ROOT),
          cpuIps(byMemory.get(MemorySetup.UNCHECKED)) / cpuIps(byMemory.get(MemorySetup.CHECKED)));
    }
  }

  /** Guest instructions per second of CPU time: both counters share JMH's wall-time divisor. */
  private static double cpuIps(RunResult result) {
    double instructions = result.getSecondaryResults().get("instructions").getScore();
    return instructions / (result.getSecondaryResults().get("cpuNanos").getScore() / 1e9);
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

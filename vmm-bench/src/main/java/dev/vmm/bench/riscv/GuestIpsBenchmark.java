package dev.vmm.bench.riscv;

import dev.vmm.riscv.ElfImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second of the vmm-riscv interpreter: each operation loads a
 * {@link BenchProgram} into a fresh memory of the given {@link MemorySetup} and runs it to its
 * exit (seconds on the interpreter), checking its output. The score is programs per second; the
 * {@code instructions} counter is guest instructions retired per second, the figure the issue
 * sets a target for; {@code cpuNanos} lets {@link GuestIps} divide by CPU time instead. Each parameter pair gets its own fork, so the interpreter's memory call
 * sites see one memory class, as in a real guest. {@link GuestIps} runs this and sets it beside
 * qemu-riscv64.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class GuestIpsBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Which program. */
  @Param({"SIEVE", "SHA256", "QSORT"})
  public BenchProgram program;

  /** Which memory. */
  @Param({"ARRAY", "UNCHECKED", "CHECKED"})
  public MemorySetup memory;

  private ElfImage image;
  private String expected;
  private GuestRun run;

  /**
   * Guest instructions retired and CPU time the runs took, each reported per second of wall
   * time. Their quotient is instructions per second of CPU time, which other processes on a
   * shared machine disturb far less than the wall-time figure.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Retired {
    /** Instructions retired in this iteration. */
    public long instructions;
    /** Nanoseconds of this thread's CPU time spent running programs in this iteration. */
    public long cpuNanos;

    /** Starts each iteration's counts at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      instructions = 0;
      cpuNanos = 0;
    }
  }

  /** Parses the program once per fork. */
  @Setup(Level.Trial)
  public void parse() {
    image = GuestRun.parse(program);
    expected = program.expectedOutput();
  }

  /**
   * Loads the program afresh; outside the measured time, and negligible beside a run anyway.
   */
  @Setup(Level.Invocation)
  public void load() {
    run = GuestRun.of(program, image, memory);
  }

  /** Releases the memory. */
  @TearDown(Level.Invocation)
  public void unload() {
    run.release();
  }

  /**
   * Runs the program once.
   *
   * @param retired where the instruction count goes
   * @return the instructions retired, so nothing is dead code
   */
  @Benchmark
  public long runProgram(Retired retired) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long n = run.runToExit(expected);
    retired.cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
    retired.instructions += n;
    return n;
  }
}

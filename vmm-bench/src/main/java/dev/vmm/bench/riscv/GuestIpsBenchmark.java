package dev.vmm.bench.riscv;

import dev.vmm.riscv.ElfImage;
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
 * exit (about 0.1 to 1 s), checking its output. The score is programs per second; the
 * {@code instructions} counter is guest instructions retired per second, the figure the issue
 * sets a target for. Each parameter pair gets its own fork, so the interpreter's memory call
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
  /** Which program. */
  @Param({"SIEVE", "SHA256", "QSORT"})
  public BenchProgram program;

  /** Which memory. */
  @Param({"ARRAY", "UNCHECKED", "CHECKED"})
  public MemorySetup memory;

  private ElfImage image;
  private String expected;
  private GuestRun run;

  /** Guest instructions retired, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Retired {
    /** Instructions retired in this iteration. */
    public long instructions;

    /** Starts each iteration's count at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      instructions = 0;
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
    run = new GuestRun(image, memory);
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
    long n = run.runToExit(expected);
    retired.instructions += n;
    return n;
  }
}

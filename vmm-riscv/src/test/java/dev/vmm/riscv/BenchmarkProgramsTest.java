package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU-bound programs vmm-bench's guest-IPS benchmark runs ({@code bench-*.c}, hundreds of
 * millions of instructions each) compute on the interpreter exactly what they computed on
 * qemu-riscv64 when they were built: a benchmark of a wrong answer would measure nothing.
 * And they run on the tagged heap as the benchmark runs them.
 */
class BenchmarkProgramsTest {
  /** Far above what any of them needs, so a runaway program still stops. */
  static final long BUDGET = 5_000_000_000L;

  @Nested
  class AgainstRecordedQemuOutput {
    @ParameterizedTest
    @ValueSource(strings = {"bench-sieve", "bench-sha256", "bench-qsort"})
    void printsTheChecksumQemuPrinted(String program) throws Exception {
      String expectedOut = Files.readString(RiscvProgramsTest.PROGRAMS.resolve(program + ".out"));
      int expectedExit = Integer.parseInt(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve(program + ".exit")).strip());

      RiscvProgramsTest.Outcome outcome = RiscvProgramsTest.runOnInterpreter(program, BUDGET);

      assertThat(outcome.stdout()).as(program + " stdout").isEqualTo(expectedOut);
      assertThat(outcome.exitCode()).as(program + " exit code").isEqualTo(expectedExit);
    }
  }

  /**
   * Under {@link LinuxProcess} their {@code malloc} (a bump allocator of their own, bench.h) is
   * redirected, so their working buffer is a tagged allocation that checked mode checks: the
   * first few million instructions, which fill and use the buffer, run clean.
   */
  @Nested
  class OnTheTaggedHeap {
    @ParameterizedTest
    @ValueSource(strings = {"bench-sieve", "bench-sha256", "bench-qsort"})
    void theBufferIsATaggedAllocationUsedWithoutAViolation(String program) throws Exception {
      ProcessResult result = LinuxProcess.builder(RiscvProgramsTest.PROGRAMS.resolve(program))
          .memorySize(64L << 20).instructionBudget(3_000_000).build().run();

      assertThat(result.mallocRedirected()).as(program).isTrue();
      assertThat(result.violations()).as(program).isEmpty();
      assertThat(result.outcome()).as(program).isEqualTo(ProcessResult.Outcome.OUT_OF_BUDGET);
    }
  }
}

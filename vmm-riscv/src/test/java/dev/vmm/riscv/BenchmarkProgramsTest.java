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
}

package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.ViolationKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The façade: a static glibc program run on tagged memory with its options. */
class LinuxProcessTest {
  static final Path HELLO = RiscvProgramsTest.PROGRAMS.resolve("hello-glibc");
  static final Path THREADS = RiscvProgramsTest.PROGRAMS.resolve("threads-glibc");

  @Nested
  class AProgramThatExits {
    @Test
    void printsAndExitsAsRecordedFromQemu() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ProcessResult result = LinuxProcess.builder(HELLO).stdout(out).build().run();

      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(RiscvProgramsTest.PROGRAMS.resolve("hello-glibc.out")));
      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.stop()).isInstanceOf(HartStop.Halted.class);
      assertThat(result.violations()).isEmpty();
      assertThat(result.leaks().isEmpty()).as("stdout's buffer is reachable, not a leak").isTrue();
      assertThat(result.mallocRedirected()).isTrue();
      assertThat(result.instructions()).isPositive();
      assertThat(result.report()).isEmpty();
    }

    @Test
    void runsTheSameInUncheckedModeAndInASmallerMemory() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ProcessResult result = LinuxProcess.builder(HELLO).stdout(out)
          .checkMode(CheckMode.UNCHECKED).memorySize(16 << 20).build().run();

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("hello from glibc");
    }

    @Test
    void aThreadedProgramRunsInTheDefaultMemory() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ProcessResult result = LinuxProcess.builder(THREADS).stdout(out).build().run();

      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(RiscvProgramsTest.PROGRAMS.resolve("threads-glibc.out")));
      assertThat(result.exitCode()).isZero();
    }

    @Test
    void runsAgainFromScratch() throws Exception {
      LinuxProcess process = LinuxProcess.builder(HELLO).build();

      assertThat(process.run().instructions()).isEqualTo(process.run().instructions());
    }

    @Test
    void hasNoWarningsWithItsSymbols() throws Exception {
      assertThat(LinuxProcess.builder(HELLO).build().warnings()).isEmpty();
    }
  }

  @Nested
  class Threads {
    @Test
    void aPthreadsProgramRunsOnTheTaggedHeapAsUnderQemu() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ProcessResult result = LinuxProcess.builder(RiscvProgramsTest.PROGRAMS.resolve(
          "threads-glibc")).stdout(out).memorySize(512 << 20).build().run(); // 64 MiB of mmap

      assertThat(result.report()).isEmpty();
      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("threads-glibc.out")));
      assertThat(result.violations()).isEmpty();
      assertThat(result.unknownSystemCalls()).isEmpty();
    }

    @Test
    void aUseAfterFreeOnAWorkerThreadIsCaughtThereWithTheWorkersSites() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ProcessResult result = LinuxProcess.builder(RiscvProgramsTest.PROGRAMS.resolve(
          "threadbug")).stdout(out).memorySize(512 << 20).build().run();

      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.MEMORY_VIOLATION);
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8)).as("printed before the worker started")
          .isEqualTo("starting the worker\n");
      ViolationReport report = result.violations().getFirst();
      assertThat(report.violation().kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(result.symbols().describe(report.pc())).startsWith("worker+");
      assertThat(result.report()).contains("previously allocated at worker+");
    }
  }

  @Nested
  class InstructionBudget {
    @Test
    void aBudgetTooSmallStopsTheRun() throws Exception {
      ProcessResult result = LinuxProcess.builder(HELLO).instructionBudget(1000).build().run();

      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.OUT_OF_BUDGET);
      assertThat(result.exitCode()).isEqualTo(124);
      assertThat(result.instructions()).isEqualTo(1000);
    }

    @Test
    void theCountCoversEveryThreadAsTheBudgetDoes() throws Exception {
      // The threads program retires about 53,000 instructions in all, its main thread about a
      // third of them (more when threads spin on a busy machine): this budget ends it after the
      // threads have started, whatever the interleaving.
      long budget = 20_000;

      ProcessResult cut = LinuxProcess.builder(THREADS).instructionBudget(budget).build().run();

      assertThat(cut.outcome()).isEqualTo(ProcessResult.Outcome.OUT_OF_BUDGET);
      assertThat(cut.instructions()).as("all harts' instructions, which the budget limits")
          .isGreaterThanOrEqualTo(budget);
    }
  }

  @Nested
  class Options {
    @Test
    void badValuesAreRefusedNamingThem() {
      LinuxProcess.Builder builder = LinuxProcess.builder(new byte[0]);

      assertThatThrownBy(() -> builder.memorySize(1 << 20))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1048576");
      assertThatThrownBy(() -> builder.quarantineBytes(-1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
      assertThatThrownBy(() -> builder.instructionBudget(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
      assertThatThrownBy(() -> builder.argv(List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyFileIsNotElf() {
      assertThatThrownBy(() -> LinuxProcess.builder(new byte[0]).build())
          .isInstanceOf(ElfFormatException.class)
          .extracting(e -> ((ElfFormatException) e).reason())
          .isEqualTo(ElfFormatException.Reason.NOT_ELF);
    }
  }
}

package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.CheckMode;
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
  class InstructionBudget {
    @Test
    void aBudgetTooSmallStopsTheRun() throws Exception {
      ProcessResult result = LinuxProcess.builder(HELLO).instructionBudget(1000).build().run();

      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.OUT_OF_BUDGET);
      assertThat(result.exitCode()).isEqualTo(124);
      assertThat(result.instructions()).isEqualTo(1000);
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

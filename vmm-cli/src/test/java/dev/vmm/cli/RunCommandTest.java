package dev.vmm.cli;

import static dev.vmm.cli.VmmMainTest.vmm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.cli.VmmMainTest.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmm run} on the committed example programs (examples/, built by examples/build.sh). */
class RunCommandTest {
  static String example(String name) {
    return Path.of("..", "examples", name).toString();
  }

  @Nested
  class ACleanProgram {
    @Test
    void printsItsOutputAndExitsWithItsStatusWithoutAReport() {
      Outcome outcome = vmm("run", example("hello"));

      assertThat(outcome.out()).isEqualTo("25 -> 16 -> 9 -> 4 -> 1\n");
      assertThat(outcome.err()).isEmpty();
      assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void statsNameTheInstructionsRetired() {
      Outcome outcome = vmm("run", "--stats", example("hello"));

      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.err()).containsPattern("vmm run: [0-9,]+ instructions in [0-9.]+ s .*exited");
    }

    @Test
    void runsUncheckedToo() {
      Outcome outcome = vmm("run", "--unchecked", example("hello"));

      assertThat(outcome.out()).isEqualTo("25 -> 16 -> 9 -> 4 -> 1\n");
      assertThat(outcome.exitCode()).isZero();
    }
  }

  @Nested
  class AHeapBug {
    @Test
    void useAfterFreeIsReportedWithTheFunctionsOfItsAccessAllocationAndFree() {
      Outcome outcome = vmm("run", example("use-after-free"));

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.out()).startsWith("ada logged in 1 time(s)\n").doesNotContain("after close");
      assertThat(outcome.err())
          .contains("heap-use-after-free")
          .contains("#0 logins_of")
          .contains("open_session+0x")
          .contains("close_session+0x");
    }

    @Test
    void anOffByOneOverflowIsReportedAtTheStorePastTheEnd() {
      Outcome outcome = vmm("run", example("heap-overflow"));

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.err()).contains("heap-buffer-overflow").contains("duplicate+0x");
    }

    @Test
    void aDoubleFreeIsReportedWithBothFrees() {
      Outcome outcome = vmm("run", example("double-free"));

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.err()).contains("double-free").contains("parse+0x").contains("main+0x");
    }

    @Test
    void withoutAQuarantineTheFreedBlockIsForgottenAndOnlyItsTagCatchesTheUse() {
      Outcome outcome = vmm("run", "--quarantine", "0", example("use-after-free"));

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.err()).contains("tag-mismatch").contains("#0 logins_of")
          .contains("is not near any heap allocation").doesNotContain("freed at");
    }

    @Test
    void aQuarantineThatIsNotASizeIsAUsageErrorNamingIt() {
      Outcome outcome = vmm("run", "--quarantine", "-4K", example("hello"));

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("'-4K' is not a size");
    }

    @Test
    void continuingReportsTheBugAndLetsTheProgramFinish() {
      Outcome outcome = vmm("run", "--continue", example("use-after-free"));

      assertThat(outcome.err()).contains("heap-use-after-free");
      assertThat(outcome.out()).contains("after close: 0");
    }
  }

  @Nested
  class BadInput {
    @Test
    void aMissingFileIsNamed() {
      Outcome outcome = vmm("run", "no/such/program");

      assertThat(outcome.exitCode()).isEqualTo(127);
      assertThat(outcome.err()).contains("no such file: no/such/program");
    }

    @Test
    void aFileThatIsNotAProgramIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
      Path text = Files.writeString(dir.resolve("notes.txt"), "not an ELF file\n");

      Outcome outcome = vmm("run", text.toString());

      assertThat(outcome.exitCode()).isEqualTo(126);
      assertThat(outcome.err()).contains("cannot run " + text);
    }

    @Test
    void aBadSizeIsAUsageErrorNamingIt() {
      Outcome outcome = vmm("run", "--memory", "lots", example("hello"));

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("'lots' is not a size");
    }

    @Test
    void aRunawayProgramStopsAtItsInstructionBudget() {
      Outcome outcome = vmm("run", "--max-instructions", "1000", example("hello"));

      assertThat(outcome.exitCode()).isEqualTo(124);
    }
  }

  @Nested
  class InAGuest {
    static final Path RISCV = Path.of("..", "vmm-riscv", "src", "test", "resources", "riscv");

    static Outcome withInput(byte[] input, String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = VmmMain.execute(new ByteArrayInputStream(input),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theProgramReadsTheTerminalsStandardInput() throws IOException {
      Outcome outcome = withInput(Files.readAllBytes(RISCV.resolve("stdin-glibc.in")),
          "run", RISCV.resolve("stdin-glibc").toString());

      assertThat(outcome.out()).isEqualTo(Files.readString(RISCV.resolve("stdin-glibc.out")));
      assertThat(outcome.exitCode()).isEqualTo(
          Integer.parseInt(Files.readString(RISCV.resolve("stdin-glibc.exit")).strip()));
    }

    @Test
    void aThreadedProgramRunsItsThreadsOnHartsOfTheGuest() throws IOException {
      Outcome outcome = vmm("run", RISCV.resolve("threads-glibc").toString());

      assertThat(outcome.out()).isEqualTo(Files.readString(RISCV.resolve("threads-glibc.out")));
      assertThat(outcome.err()).isEmpty();
    }

    @Test
    void statsCountTheInstructionsOfEveryThreadAsTheLimitDoes() {
      String threads = RISCV.resolve("threads-glibc").toString();

      // About 53,000 instructions in all, a third on the main thread: 20,000 ends it mid-way.
      Outcome cut = vmm("run", "--stats", "--max-instructions", "20000", threads);

      assertThat(cut.exitCode()).isEqualTo(124);
      assertThat(instructions(cut)).isGreaterThanOrEqualTo(20_000);
    }

    static long instructions(Outcome outcome) {
      Matcher m = Pattern.compile("vmm run: ([0-9,]+) instructions").matcher(outcome.err());
      assertThat(m.find()).as(outcome.err()).isTrue();
      return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void leaksAreReportedAtExitUnlessTurnedOff() {
      String heapbugs = RISCV.resolve("heapbugs").toString();

      Outcome reported = vmm("run", heapbugs, "leak");
      Outcome quiet = vmm("run", "--no-leaks", heapbugs, "leak");

      assertThat(reported.out()).isEqualTo("running leak\nsurvived leak\n");
      assertThat(reported.err()).contains("LeakSanitizer: detected memory leaks")
          .contains("Direct leak of 100 byte(s)").contains("allocated at leak+0xe");
      assertThat(reported.exitCode()).as("a leak is no violation: the program's status").isZero();
      assertThat(quiet.out()).isEqualTo(reported.out());
      assertThat(quiet.err()).isEmpty();
      assertThat(quiet.exitCode()).isZero();
    }

    @Test
    void aGuestTooSmallForALinuxProgramIsRefusedNamingTheSize() {
      Outcome outcome = vmm("run", "--memory", "8M", example("hello"));

      assertThat(outcome.exitCode()).isEqualTo(126);
      assertThat(outcome.err()).contains("8388608").contains("16 MiB");
    }
  }
}

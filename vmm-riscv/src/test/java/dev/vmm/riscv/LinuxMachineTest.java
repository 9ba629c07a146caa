package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.GuestMemory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program driven by its host in slices, in a memory the host owns, with calls it serves. */
class LinuxMachineTest {
  static final Path PROGRAMS = RiscvProgramsTest.PROGRAMS;

  private static String recorded(String name) throws Exception {
    return Files.readString(PROGRAMS.resolve(name + ".out"));
  }

  @Nested
  class Slices {
    @Test
    void smallSlicesEndAsOneRunDoes() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LinuxProcess process = LinuxProcess.builder(PROGRAMS.resolve("hello-glibc")).stdout(out)
          .tagSeed(1).build();
      ProcessResult whole = process.run();
      out.reset();

      int slices = 0;
      ProcessResult sliced;
      try (GuestMemory memory = process.newMemory()) {
        LinuxMachine machine = process.start(memory, UnaryOperator.identity());
        assertThatThrownBy(machine::result).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has not ended");
        while (machine.runSlice(100)) {
          slices++;
        }
        sliced = machine.result();
      }

      assertThat(slices).isGreaterThanOrEqualTo((int) (whole.instructions() / 100) - 1);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(recorded("hello-glibc"));
      assertThat(sliced.exitCode()).isEqualTo(3);
      assertThat(sliced.instructions()).isEqualTo(whole.instructions());
    }

    @Test
    void threadsRunInSlicesToTheRecordedOutput() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LinuxProcess process = LinuxProcess.builder(PROGRAMS.resolve("threads-glibc")).stdout(out)
          .memorySize(512 << 20).build();
      try (GuestMemory memory = process.newMemory()) {
        LinuxMachine machine = process.start(memory, UnaryOperator.identity());
        while (machine.runSlice(5_000)) {
          // Between two slices no hart runs; the threads park at their next boundary.
        }
        assertThat(machine.result().exitCode()).isEqualTo(Integer.parseInt(
            Files.readString(PROGRAMS.resolve("threads-glibc.exit")).strip()));
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(recorded("threads-glibc"));
    }

    @Test
    void aStoppedProgramEndsAtOnceAndReadsAsOutOfBudget() throws Exception {
      LinuxProcess process = LinuxProcess.builder(PROGRAMS.resolve("bench-sieve")).build();
      try (GuestMemory memory = process.newMemory()) {
        LinuxMachine machine = process.start(memory, UnaryOperator.identity());
        assertThat(machine.runSlice(100_000)).isTrue();

        machine.stop();

        assertThat(machine.runSlice(100_000)).isFalse();
        assertThat(machine.result().outcome()).isEqualTo(ProcessResult.Outcome.OUT_OF_BUDGET);
        assertThat(machine.result().instructions()).isEqualTo(100_000);
      }
    }

    @Test
    void aSliceMustBePositive() throws Exception {
      LinuxProcess process = LinuxProcess.builder(PROGRAMS.resolve("hello-glibc")).build();
      try (GuestMemory memory = process.newMemory()) {
        LinuxMachine machine = process.start(memory, UnaryOperator.identity());
        assertThatThrownBy(() -> machine.runSlice(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        machine.stop();
      }
    }
  }

  @Nested
  class AKernelInFront {
    @Test
    void seesEveryEcallFirstAndMayServeItItself() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LinuxProcess process = LinuxProcess.builder(PROGRAMS.resolve("hello-glibc")).stdout(out)
          .build();
      Map<Long, Integer> seen = new TreeMap<>();
      try (GuestMemory memory = process.newMemory()) {
        LinuxMachine machine = process.start(memory, linux -> hart -> {
          seen.merge(hart.x(17), 1, Integer::sum);
          if (hart.x(17) == 64) { // write: served here, with the bytes swallowed
            hart.setX(10, hart.x(12));
          } else {
            linux.onEcall(hart);
          }
        });
        while (machine.runSlice(Long.MAX_VALUE)) {
          // One slice runs to the end.
        }
        assertThat(machine.result().exitCode()).isEqualTo(3);
      }
      assertThat(seen).containsKeys(64L, 94L); // write, exit_group
      assertThat(out.size()).isZero();
    }
  }

  @Nested
  class InputAndFiles {
    @Test
    void standardInputReachesTheProgram() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ProcessResult result = LinuxProcess.builder(PROGRAMS.resolve("stdin-glibc"))
          .stdin(new ByteArrayInputStream(Files.readAllBytes(PROGRAMS.resolve("stdin-glibc.in"))))
          .stdout(out).build().run();

      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(recorded("stdin-glibc"));
      assertThat(result.exitCode()).isEqualTo(Integer.parseInt(
          Files.readString(PROGRAMS.resolve("stdin-glibc.exit")).strip()));
    }

    @Test
    void theProgramsFilesLiveInTheFileRoot(@TempDir Path root) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ProcessResult result = LinuxProcess.builder(PROGRAMS.resolve("files-glibc"))
          .fileRoot(root).stdout(out).build().run();

      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(recorded("files-glibc"));
      assertThat(result.exitCode()).isEqualTo(Integer.parseInt(
          Files.readString(PROGRAMS.resolve("files-glibc.exit")).strip()));
    }

    @Test
    void aFileRootMustBeADirectory() {
      assertThatThrownBy(() -> LinuxProcess.builder(new byte[0])
          .fileRoot(PROGRAMS.resolve("hello-glibc")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hello-glibc");
    }
  }
}

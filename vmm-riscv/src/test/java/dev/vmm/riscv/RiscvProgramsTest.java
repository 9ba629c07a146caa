package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the freestanding C programs in {@code src/test/resources/riscv} (built by its
 * {@code build.sh}, committed because CI has no cross compiler) on the interpreter, and compares
 * their stdout and exit code with what qemu-riscv64 printed when they were built, and, where qemu
 * is installed, with a live qemu run.
 */
class RiscvProgramsTest {
  static final Path PROGRAMS = Path.of("src/test/resources/riscv");
  static final long STACK_SIZE = 256 * 1024;
  /** Where a position-independent program goes: anywhere page-aligned but 0 proves the bias. */
  static final long PIE_BIAS = 0x4000_0000L;

  static Stream<String> programs() {
    return Stream.of("intops-rv64imac", "muldiv-rv64imac", "atomics-rv64imac", "sieve-rv64imac",
        "sieve-rv64ima", "sieve-pie-rv64imac", "float-rv64imafdc");
  }

  /** What a run printed and how it ended. */
  record Outcome(String stdout, int exitCode) {}

  static Outcome runOnInterpreter(String program) throws Exception {
    return runOnInterpreter(program, 50_000_000);
  }

  static Outcome runOnInterpreter(String program, long budget) throws Exception {
    ElfImage image = ElfImage.parse(Files.readAllBytes(PROGRAMS.resolve(program)));
    long bias = image.positionIndependent() ? PIE_BIAS : 0;
    long low = image.segments().stream().mapToLong(ElfImage.Segment::virtualAddress).min()
        .orElseThrow() & ~0xFFFL;
    long high = image.segments().stream().mapToLong(s -> s.virtualAddress() + s.memorySize())
        .max().orElseThrow();
    SegmentHartMemory memory = SegmentHartMemory.zeroed(low + bias, high - low + STACK_SIZE);
    LoadedProgram loaded = image.load(memory, bias);
    LinuxSubset linux = new LinuxSubset();
    Hart hart = Hart.create(memory, linux);
    hart.setPc(loaded.entry());
    hart.setX(2, (memory.end() - 64) & ~15L); // sp, 16-byte aligned as the ABI wants

    HartStop stop = hart.run(budget);

    assertThat(stop).as("%s stopped: %s", program, stop.describe())
        .isInstanceOf(HartStop.Halted.class);
    return new Outcome(linux.stdoutText(), (int) ((HartStop.Halted) stop).status());
  }

  @Nested
  class AgainstRecordedQemuOutput {
    @ParameterizedTest
    @MethodSource("dev.vmm.riscv.RiscvProgramsTest#programs")
    void printsAndExitsAsQemuDid(String program) throws Exception {
      String expectedOut = Files.readString(PROGRAMS.resolve(program + ".out"));
      int expectedExit = Integer.parseInt(
          Files.readString(PROGRAMS.resolve(program + ".exit")).strip());

      Outcome outcome = runOnInterpreter(program);

      assertThat(outcome.stdout()).as(program + " stdout").isEqualTo(expectedOut);
      assertThat(outcome.exitCode()).as(program + " exit code").isEqualTo(expectedExit);
    }
  }

  @Nested
  class AgainstLiveQemu {
    @ParameterizedTest
    @MethodSource("dev.vmm.riscv.RiscvProgramsTest#programs")
    void matchesQemuRunNow(String program) throws Exception {
      Assumptions.assumeTrue(qemuAvailable(),
          "qemu-riscv64 is not on PATH (apt-get install qemu-user); the recorded outputs are"
              + " still checked by AgainstRecordedQemuOutput");
      Process qemu = new ProcessBuilder("qemu-riscv64", PROGRAMS.resolve(program).toString())
          .redirectErrorStream(false).start();
      byte[] out = qemu.getInputStream().readAllBytes();
      assertThat(qemu.waitFor(60, TimeUnit.SECONDS)).as("qemu finished").isTrue();

      Outcome outcome = runOnInterpreter(program);

      assertThat(outcome.stdout()).as(program + " stdout")
          .isEqualTo(new String(out, StandardCharsets.UTF_8));
      assertThat(outcome.exitCode()).as(program + " exit code").isEqualTo(qemu.exitValue());
    }

    static boolean qemuAvailable() {
      try {
        Process p = new ProcessBuilder("qemu-riscv64", "--version").redirectErrorStream(true)
            .start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}

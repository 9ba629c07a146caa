package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Runs a static glibc program on the interpreter with {@link InitialStack} and
 * {@link LinuxSyscalls}, and checks those two on their own.
 */
class GlibcProgramTest {
  static final int MEMORY_SIZE = 32 << 20;
  static final long HEAP_SIZE = 8 << 20;
  static final long STACK_SIZE = 1 << 20;

  /** What a run printed and how it ended, and the calls it made that the layer lacks. */
  record Run(String stdout, String stderr, int exitCode, Map<Long, Long> unknownCalls) {}

  static Run runOnInterpreter(String program) throws Exception {
    ElfImage image = ElfImage.parse(
        Files.readAllBytes(RiscvProgramsTest.PROGRAMS.resolve(program)));
    long low = image.segments().stream().mapToLong(ElfImage.Segment::virtualAddress).min()
        .orElseThrow() & ~0xFFFL;
    SegmentHartMemory memory = SegmentHartMemory.zeroed(low, MEMORY_SIZE);
    LoadedProgram loaded = image.load(memory, 0);
    long heapStart = (loaded.end() + 0xFFF) & ~0xFFFL;
    long heapLimit = heapStart + HEAP_SIZE;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    LinuxSyscalls linux = new LinuxSyscalls(
        new LinuxSyscalls.Layout(heapStart, heapLimit, heapLimit, memory.end() - STACK_SIZE),
        stdout, stderr);
    Hart hart = Hart.create(memory, linux);
    hart.setPc(loaded.entry());
    hart.setX(2, InitialStack.build(memory, loaded, memory.end(), List.of("./" + program),
        List.of("PATH=/bin", "LANG=C"), new byte[16]));

    HartStop stop = hart.run(50_000_000);

    assertThat(stop).as("stopped: %s at %s", stop.describe(),
        loaded.symbols().describe(stop.pc())).isInstanceOf(HartStop.Halted.class);
    return new Run(stdout.toString(StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8), (int) ((HartStop.Halted) stop).status(),
        linux.unknownCalls());
  }

  @Nested
  class HelloWorld {
    @Test
    void printsAndExitsAsRecordedFromQemu() throws Exception {
      Run run = runOnInterpreter("hello-glibc");

      assertThat(run.stdout()).isEqualTo(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("hello-glibc.out")));
      assertThat(run.exitCode()).isEqualTo(Integer.parseInt(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("hello-glibc.exit")).strip()));
      assertThat(run.stderr()).isEmpty();
      assertThat(run.unknownCalls()).as("calls glibc made that the layer lacks").isEmpty();
    }

    @Test
    void matchesALiveQemuRun() throws Exception {
      Assumptions.assumeTrue(RiscvProgramsTest.AgainstLiveQemu.qemuAvailable(),
          "qemu-riscv64 is not on PATH; the recorded output is still checked");
      Process qemu = new ProcessBuilder("qemu-riscv64",
          RiscvProgramsTest.PROGRAMS.resolve("hello-glibc").toString()).start();
      byte[] out = qemu.getInputStream().readAllBytes();
      assertThat(qemu.waitFor(60, TimeUnit.SECONDS)).as("qemu finished").isTrue();

      Run run = runOnInterpreter("hello-glibc");

      assertThat(run.stdout()).isEqualTo(new String(out, StandardCharsets.UTF_8));
      assertThat(run.exitCode()).isEqualTo(qemu.exitValue());
    }
  }
}

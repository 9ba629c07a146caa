package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the static glibc programs in {@code src/test/resources/riscv} (built by
 * its {@code build.sh} with {@code -static -O2}): each runs on the interpreter under
 * {@link LinuxSyscalls#run}, with its files confined to a fresh empty directory and its stdin from
 * {@code <program>.in} where there is one, and must print what qemu-riscv64 printed and exit as it
 * did: as recorded when the programs were built, and in a live qemu run where qemu is installed.
 */
class GlibcProgramsTest {
  static final Path PROGRAMS = RiscvProgramsTest.PROGRAMS;
  static final int MEMORY_SIZE = 64 << 20; // the threads program maps four 8 MiB stacks
  static final long HEAP_SIZE = 8 << 20;
  static final long STACK_SIZE = 1 << 20;
  static final long BUDGET = 2_000_000_000L;

  static Stream<String> programs() {
    return Stream.of("hello-glibc", "stdio-glibc", "qsort-glibc", "hashtable-glibc",
        "files-glibc", "stdin-glibc", "threads-glibc", "fenv-glibc");
  }

  /** What a run printed and how it ended, the calls it made that the layer lacks, and the files
   * it left in its root. */
  record Run(String stdout, String stderr, int exitCode, Map<Long, Long> unknownCalls,
      List<String> leftFiles) {}

  static byte[] stdinOf(String program) throws IOException {
    Path input = PROGRAMS.resolve(program + ".in");
    return Files.exists(input) ? Files.readAllBytes(input) : new byte[0];
  }

  static Run runOnInterpreter(String program) throws Exception {
    ElfImage image = ElfImage.parse(Files.readAllBytes(PROGRAMS.resolve(program)));
    long low = image.segments().stream().mapToLong(ElfImage.Segment::virtualAddress).min()
        .orElseThrow() & ~0xFFFL;
    SegmentHartMemory memory = SegmentHartMemory.zeroed(low, MEMORY_SIZE);
    LoadedProgram loaded = image.load(memory, 0);
    long heapStart = (loaded.end() + 0xFFF) & ~0xFFFL;
    long heapLimit = heapStart + HEAP_SIZE;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Path root = Files.createTempDirectory("vmm-root");
    try {
      LinuxSyscalls linux = LinuxSyscalls.builder(
              new LinuxSyscalls.Layout(heapStart, heapLimit, heapLimit, memory.end() - STACK_SIZE))
          .stdin(new ByteArrayInputStream(stdinOf(program))).stdout(stdout).stderr(stderr)
          .fileRoot(root).build();
      Hart hart = Hart.create(memory, linux);
      hart.setPc(loaded.entry());
      hart.setX(2, InitialStack.build(memory, loaded, memory.end(), List.of("./" + program),
          List.of("PATH=/bin", "LANG=C"), new byte[16]));

      HartStop stop = linux.run(hart, BUDGET);

      assertThat(stop).as("%s stopped: %s at %s", program, stop.describe(),
          loaded.symbols().describe(stop.pc())).isInstanceOf(HartStop.Halted.class);
      List<String> left;
      try (Stream<Path> files = Files.list(root)) {
        left = files.map(p -> p.getFileName().toString()).sorted().toList();
      }
      return new Run(stdout.toString(StandardCharsets.UTF_8),
          stderr.toString(StandardCharsets.UTF_8), (int) ((HartStop.Halted) stop).status(),
          linux.unknownCalls(), left);
    } finally {
      deleteTree(root);
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Nested
  class AgainstRecordedQemuOutput {
    @ParameterizedTest
    @MethodSource("dev.vmm.riscv.GlibcProgramsTest#programs")
    void printsAndExitsAsQemuDid(String program) throws Exception {
      Run run = runOnInterpreter(program);

      assertThat(run.stdout()).as(program + " stdout")
          .isEqualTo(Files.readString(PROGRAMS.resolve(program + ".out")));
      assertThat(run.exitCode()).as(program + " exit code").isEqualTo(Integer.parseInt(
          Files.readString(PROGRAMS.resolve(program + ".exit")).strip()));
      assertThat(run.stderr()).as(program + " stderr").isEmpty();
      assertThat(run.unknownCalls()).as(program + ": calls glibc made that the layer lacks")
          .isEmpty();
    }
  }

  @Nested
  class FileProgram {
    @Test
    void theFileProgramCleansUpItsRootBehindItself() throws Exception {
      Run run = runOnInterpreter("files-glibc");

      assertThat(run.stdout()).contains("rmdir: ok");
      assertThat(run.leftFiles()).isEmpty();
    }
  }

  @Nested
  class AgainstLiveQemu {
    @ParameterizedTest
    @MethodSource("dev.vmm.riscv.GlibcProgramsTest#programs")
    void matchesQemuRunNow(String program) throws Exception {
      Assumptions.assumeTrue(RiscvProgramsTest.AgainstLiveQemu.qemuAvailable(),
          "qemu-riscv64 not installed");
      Path scratch = Files.createTempDirectory("vmm-qemu");
      Path input = Files.createTempFile("vmm-stdin", ".in");
      try {
        Files.write(input, stdinOf(program));
        Process qemu = new ProcessBuilder("qemu-riscv64",
            PROGRAMS.resolve(program).toAbsolutePath().toString())
            .directory(scratch.toFile()).redirectInput(input.toFile()).start();
        byte[] out = qemu.getInputStream().readAllBytes();
        assertThat(qemu.waitFor(60, TimeUnit.SECONDS)).as("qemu finished").isTrue();

        Run run = runOnInterpreter(program);

        assertThat(run.stdout()).as(program + " stdout")
            .isEqualTo(new String(out, StandardCharsets.UTF_8));
        assertThat(run.exitCode()).as(program + " exit code").isEqualTo(qemu.exitValue());
      } finally {
        deleteTree(scratch);
        Files.delete(input);
      }
    }
  }
}

package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code heapclean.c}: a correct program that works the heap hard (realloc growth and shrink,
 * strings of every length through glibc's word-at-a-time routines, calloc, the aligned
 * allocators, qsort, a linked list, 20,000 random-size blocks) must run clean on the tagged heap,
 * with qemu's stdout and exit code; stripped of its symbols it runs with glibc's own malloc.
 * (Without the port's partial loads it would stop in glibc's {@code strlen}, whose last aligned
 * 8-byte read of a 22-byte {@code strdup} copy runs past the end.)
 */
class HeapCleanTest {
  static final Path HEAPCLEAN = RiscvProgramsTest.PROGRAMS.resolve("heapclean");

  record Run(ProcessResult result, String stdout) {}

  static Run run(byte[] program) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProcessResult result = LinuxProcess.builder(program).stdout(out).tagSeed(5).build().run();
    return new Run(result, out.toString(StandardCharsets.UTF_8));
  }

  static String recorded(String suffix) throws Exception {
    return Files.readString(RiscvProgramsTest.PROGRAMS.resolve("heapclean" + suffix));
  }

  /** The program without its section headers, so without a symbol table, as strip leaves it. */
  static byte[] stripped() throws Exception {
    byte[] file = Files.readAllBytes(HEAPCLEAN);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(40, 0).putShort(60, (short) 0);
    return file;
  }

  @Nested
  class OnTheTaggedHeap {
    @Test
    void runsCleanWithQemusOutput() throws Exception {
      Run run = run(Files.readAllBytes(HEAPCLEAN));

      assertThat(run.result().report()).isEmpty();
      assertThat(run.result().violations()).isEmpty();
      assertThat(run.result().leaks().isEmpty()).isTrue();
      assertThat(run.result().mallocRedirected()).isTrue();
      assertThat(run.stdout()).isEqualTo(recorded(".out"));
      assertThat(run.result().exitCode()).isEqualTo(Integer.parseInt(recorded(".exit").strip()));
    }

    @Test
    void matchesALiveQemuRun() throws Exception {
      Assumptions.assumeTrue(RiscvProgramsTest.AgainstLiveQemu.qemuAvailable(),
          "qemu-riscv64 not installed; the recorded output is still checked");
      Process qemu = new ProcessBuilder("qemu-riscv64", HEAPCLEAN.toString()).start();
      byte[] out = qemu.getInputStream().readAllBytes();
      assertThat(qemu.waitFor(60, TimeUnit.SECONDS)).as("qemu finished").isTrue();

      Run run = run(Files.readAllBytes(HEAPCLEAN));

      assertThat(run.stdout()).isEqualTo(new String(out, StandardCharsets.UTF_8));
      assertThat(run.result().exitCode()).isEqualTo(qemu.exitValue());
    }
  }

  @Nested
  class Stripped {
    @Test
    void runsWithItsOwnMallocAndSaysSo() throws Exception {
      LinuxProcess process = LinuxProcess.builder(stripped()).build();

      assertThat(process.warnings()).singleElement().asString()
          .contains("no symbol table").contains("malloc is not redirected");

      Run run = run(stripped());

      assertThat(run.result().mallocRedirected()).isFalse();
      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(run.stdout()).isEqualTo(recorded(".out"));
      assertThat(run.result().leaks().isEmpty()).as("nothing on the tagged heap").isTrue();
    }
  }
}

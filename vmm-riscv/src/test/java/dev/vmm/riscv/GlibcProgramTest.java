package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
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

  @Nested
  class HelloWorld {
    @Test
    void printsAndExitsAsQemuDid() throws Exception {
      String program = "hello-glibc";
      ElfImage image = ElfImage.parse(
          Files.readAllBytes(RiscvProgramsTest.PROGRAMS.resolve(program)));
      long low = image.segments().stream().mapToLong(ElfImage.Segment::virtualAddress).min()
          .orElseThrow() & ~0xFFFL;
      ByteArrayMemory memory = new ByteArrayMemory(low, MEMORY_SIZE);
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
      assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve(program + ".out")));
      assertThat(((HartStop.Halted) stop).status()).isEqualTo(Integer.parseInt(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve(program + ".exit")).strip()));
      assertThat(stderr.size()).isZero();
      assertThat(linux.unknownCalls()).as("calls glibc made that the layer lacks").isEmpty();
    }
  }
}

package dev.vmm.riscv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.Region;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GuestLayoutTest {
  static final Path PROGRAMS = Path.of("src/test/resources/riscv");
  static final long MEMORY = 128L << 20;

  static ElfImage image(String program) throws Exception {
    return ElfImage.parse(Files.readAllBytes(PROGRAMS.resolve(program)));
  }

  @Nested
  class StaticGlibcProgram {
    // hello-glibc: R-X text at [0x10000, 0x7040c), RW data at [0x71dc0, 0x7c878).
    @Test
    void codeIsReadOnlyAndExecutableDataIsRam() throws Exception {
      GuestLayout layout = GuestLayout.plan(image("hello-glibc"), MEMORY);

      assertThat(layout.bias()).isZero();
      assertThat(layout.program()).containsExactly(
          new Region(0x10000, 0x61000, Region.Kind.READ_ONLY),
          new Region(0x71000, 0xc000, Region.Kind.RAM));
      assertThat(layout.executable()).containsExactly(0x10000, 0x71000);
    }

    @Test
    void theAreasFollowInOrderWithUnmappedPagesBetween() throws Exception {
      GuestLayout layout = GuestLayout.plan(image("hello-glibc"), MEMORY);

      long page = GuestMemory.PAGE_SIZE;
      assertThat(layout.brk().base()).isEqualTo(layout.program().getLast().end() + page);
      assertThat(layout.heap().base()).isEqualTo(layout.brk().end() + page);
      assertThat(layout.mmap().base()).isEqualTo(layout.heap().end() + page);
      assertThat(layout.stack().base()).isEqualTo(layout.mmap().end() + page);
      assertThat(layout.stack().end()).isEqualTo(MEMORY);
      assertThat(layout.stack().size()).isEqualTo(8 << 20);
      assertThat(layout.heap().kind()).isEqualTo(Region.Kind.HEAP);
      assertThat(layout.heap().size()).isGreaterThan(MEMORY / 2 - MEMORY / 16);
      assertThat(layout.mmap().size()).as("room for five 8 MiB thread stacks at 128 MiB")
          .isEqualTo(MEMORY / 8 * 3);
    }

    @Test
    void theMemoryBuilderMapsEveryRegion() throws Exception {
      GuestLayout layout = GuestLayout.plan(image("hello-glibc"), MEMORY);

      try (GuestMemory memory = layout.memoryBuilder(MEMORY).build()) {
        assertThat(memory.regions()).hasSize(6);
        assertThat(memory.heap()).isEqualTo(layout.heap());
      }
    }
  }

  @Test
  void aPositionIndependentProgramIsPlacedAboveTheNullGuard() throws Exception {
    GuestLayout layout = GuestLayout.plan(image("sieve-pie-rv64imac"), MEMORY);

    assertThat(layout.bias()).isEqualTo(GuestLayout.LOW_GUARD);
    assertThat(layout.program().getFirst().base()).isEqualTo(GuestLayout.LOW_GUARD);
  }

  @Test
  void aSegmentBeyondTheMemoryIsTooLarge() throws Exception {
    byte[] file = Files.readAllBytes(PROGRAMS.resolve("hello-glibc"));
    ByteBuffer elf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int dataHeader = 64 + 2 * 56; // the third program header is the RW PT_LOAD
    assertThat(elf.getInt(dataHeader)).as("PT_LOAD").isEqualTo(1);
    elf.putLong(dataHeader + 16, 0x7000_0000L);

    assertThatThrownBy(() -> GuestLayout.plan(ElfImage.parse(file), MEMORY))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("TOO_LARGE").hasMessageContaining("0x70000000");
  }

  @Test
  void aMemoryTooSmallForAHeapIsRefused() throws Exception {
    assertThatThrownBy(() -> GuestLayout.plan(image("hello-glibc"), 1 << 20))
        .isInstanceOf(ElfFormatException.class).hasMessageContaining("TOO_LARGE");
  }
}

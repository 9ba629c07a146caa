package dev.vmm.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memories above 2 GiB, and the shared file mapping. */
class LargeAndSharedMemoryTest {
  static final long GIB = 1L << 30;

  @TempDir Path directory;

  @Test
  void memoryAbove4GibWorksAtItsFarEnd() throws Exception {
    Path file = directory.resolve("guest.mem");
    long size = 5 * GIB;
    long ram = 2 * GIB + 0x1000;
    long heap = 4 * GIB - 0x10_0000; // straddles the 4 GiB line
    try (GuestMemory memory = GuestMemory.builder().size(size).mappedFile(file)
        .ram(ram, 0x10000).heap(heap, 0x20_0000).ram(size - 0x1000, 0x1000).build()) {
      memory.store64(ram + 3, 0x1122_3344_5566_7788L);
      memory.store64(size - 8, -2);
      assertThat(memory.load64(ram + 3)).isEqualTo(0x1122_3344_5566_7788L);
      assertThat(memory.load64(size - 8)).isEqualTo(-2);
      assertThat(memoryOf(memory, size - 4, 8)).isEqualTo(ViolationKind.UNMAPPED);

      long big = memory.malloc(0x18_0000, 1); // crosses 4 GiB
      assertThat(memory.layout().address(big) + 0x18_0000).isGreaterThan(4 * GIB);
      memory.store64(big + 0x18_0000 - 8, 7);
      assertThat(memory.load64(big + 0x18_0000 - 8)).isEqualTo(7);
      assertThat(memoryOf(memory, big + 0x18_0000, 1))
          .isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      memory.copy(ram, big + 0x18_0000 - 8, 8);
      assertThat(memory.load64(ram)).isEqualTo(7);
    }
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void twoMappingsOfOneFileShareTheBytes() {
    Path file = directory.resolve("shared.mem");
    try (GuestMemory host = GuestMemory.builder().size(1 << 20).ram(0, 1 << 20)
        .mappedFile(file).build();
        GuestMemory child = GuestMemory.builder().size(1 << 20).ram(0, 1 << 20)
            .mappedFile(file).build()) {
      host.store32(0x400, 0xCAFE_F00D);
      assertThat(child.load32(0x400)).isEqualTo(0xCAFE_F00D);
      child.copyIn(0x800, new byte[] {9, 8, 7}, 0, 3);
      byte[] back = new byte[3];
      host.copyOut(0x800, back, 0, 3);
      assertThat(back).containsExactly(9, 8, 7);
    }
  }

  private static ViolationKind memoryOf(GuestMemory memory, long pointer, int n) {
    try {
      memory.copyOut(pointer, new byte[n], 0, n);
      return null;
    } catch (MemoryViolationException e) {
      return e.violation().kind();
    }
  }
}

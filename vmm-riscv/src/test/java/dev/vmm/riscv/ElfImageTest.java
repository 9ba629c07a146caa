package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vmm.riscv.ElfFormatException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ElfImageTest {
  static byte[] file(String name) throws IOException {
    return Files.readAllBytes(RiscvProgramsTest.PROGRAMS.resolve(name));
  }

  static ElfFormatException refused(byte[] bytes) {
    return catchThrowableOfType(ElfFormatException.class, () -> ElfImage.parse(bytes));
  }

  @Nested
  class StaticExecutables {
    @Test
    void exposesEntrySegmentsAndSymbols() throws Exception {
      ElfImage image = ElfImage.parse(file("sieve-rv64imac"));

      assertThat(image.positionIndependent()).isFalse();
      assertThat(image.segments()).isNotEmpty();
      Symbol main = image.symbols().byName("main").orElseThrow();
      assertThat(main.function()).isTrue();
      assertThat(main.size()).isPositive();
      assertThat(image.symbols().describe(main.address() + 6)).isEqualTo("main+0x6");
      assertThat(image.symbols().describe(main.address())).isEqualTo("main");
      assertThat(image.symbols().byName("composite").orElseThrow().function()).isFalse();
    }

    @Test
    void loadsEverySegmentByteAndZeroFillsTheRest() throws Exception {
      byte[] bytes = file("sieve-rv64imac");
      ElfImage image = ElfImage.parse(bytes);
      SegmentHartMemory memory = SegmentHartMemory.zeroed(0x10000, 0x20000);
      memory.segment().fill((byte) 0x5A); // so a missed zero-fill shows

      LoadedProgram loaded = image.load(memory, 0);

      assertThat(loaded.entry()).isEqualTo(image.entry());
      for (ElfImage.Segment s : image.segments()) {
        for (long i = 0; i < s.memorySize(); i++) {
          byte expected = i < s.fileSize() ? bytes[(int) (s.fileOffset() + i)] : 0;
          assertThat(memory.load8(s.virtualAddress() + i)).as("byte %d of %s", i, s)
              .isEqualTo(expected);
        }
      }
      assertThat(loaded.programHeaderCount()).isPositive();
      assertThat(memory.load32(loaded.programHeaders())).as("PT_* of the first header")
          .isEqualTo(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(64));
    }

    @Test
    void aFixedAddressProgramOnlyLoadsAtBiasZero() throws Exception {
      ElfImage image = ElfImage.parse(file("sieve-rv64imac"));

      assertThatThrownBy(() -> image.load(SegmentHartMemory.zeroed(0, 16), 0x1000))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ET_EXEC");
    }
  }

  @Nested
  class PositionIndependentExecutables {
    @Test
    void loadAtABiasAndShiftEntryAndSymbols() throws Exception {
      ElfImage image = ElfImage.parse(file("sieve-pie-rv64imac"));
      long bias = 0x4000_0000L;

      LoadedProgram loaded = image.load(SegmentHartMemory.zeroed(bias, 0x10000), bias);

      assertThat(image.positionIndependent()).isTrue();
      assertThat(loaded.entry()).isEqualTo(image.entry() + bias);
      assertThat(loaded.symbols().byName("main").orElseThrow().address())
          .isEqualTo(image.symbols().byName("main").orElseThrow().address() + bias);
      assertThatThrownBy(() -> image.load(SegmentHartMemory.zeroed(bias, 0x10000), bias + 8))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aligned");
    }
  }

  @Nested
  class Refusals {
    @Test
    void aDynamicallyLinkedProgramIsToldToLinkStatically() throws Exception {
      ElfFormatException e = refused(file("sieve-dynamic"));

      assertThat(e.reason()).isEqualTo(Reason.DYNAMICALLY_LINKED);
      assertThat(e).hasMessageContaining("PT_INTERP").hasMessageContaining("link it statically");
    }

    @Test
    void notElfAtAll() {
      assertThat(refused(new byte[0]).reason()).isEqualTo(Reason.NOT_ELF);
      assertThat(refused("#!/bin/sh\necho hi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .reason()).isEqualTo(Reason.NOT_ELF);
    }

    @Test
    void truncatedAnywhere() throws Exception {
      byte[] whole = file("sieve-rv64imac");
      for (int length : List.of(4, 63, 64, 120, 400, whole.length / 2)) {
        ElfFormatException e = refused(Arrays.copyOf(whole, length));
        assertThat(e).as("cut to %d bytes", length).isNotNull();
        assertThat(e.reason()).as("cut to %d bytes: %s", length, e.getMessage())
            .isEqualTo(Reason.TRUNCATED);
      }
    }

    @Test
    void wrongClassOrArchitectureOrType() throws Exception {
      byte[] rv32 = file("sieve-rv64imac");
      rv32[4] = 1; // ELFCLASS32
      assertThat(refused(rv32).reason()).isEqualTo(Reason.WRONG_CLASS);

      byte[] x86 = file("sieve-rv64imac");
      x86[18] = 62; // EM_X86_64
      ElfFormatException e = refused(x86);
      assertThat(e.reason()).isEqualTo(Reason.WRONG_ARCHITECTURE);
      assertThat(e).hasMessageContaining("62");

      byte[] relocatable = file("sieve-rv64imac");
      relocatable[16] = 1; // ET_REL
      assertThat(refused(relocatable).reason()).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void contradictoryHeaders() throws Exception {
      byte[] bytes = file("sieve-rv64imac");
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int phoff = (int) b.getLong(32);
      int firstLoad = phoff;
      while (b.getInt(firstLoad) != 1) {
        firstLoad += 56;
      }
      byte[] fileBiggerThanMemory = bytes.clone();
      ByteBuffer.wrap(fileBiggerThanMemory).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(firstLoad + 40, 1);
      assertThat(refused(fileBiggerThanMemory).reason()).isEqualTo(Reason.CORRUPT);

      byte[] entryOutside = bytes.clone();
      ByteBuffer.wrap(entryOutside).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 0x7777_0000L);
      ElfFormatException e = refused(entryOutside);
      assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
      assertThat(e).hasMessageContaining("0x77770000");
    }
  }
}

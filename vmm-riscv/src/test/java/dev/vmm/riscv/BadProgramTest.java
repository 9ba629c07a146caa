package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Programs {@link LinuxProcess} cannot run are refused with a typed reason and a clear message. */
class BadProgramTest {
  static final Path HELLO = RiscvProgramsTest.PROGRAMS.resolve("hello-glibc");

  static ElfFormatException refusal(byte[] file) {
    return (ElfFormatException) org.assertj.core.api.Assertions.catchThrowable(
        () -> LinuxProcess.builder(file).build());
  }

  static ByteBuffer header(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void aTruncatedProgram() throws Exception {
    byte[] file = Arrays.copyOf(Files.readAllBytes(HELLO), 4000);

    ElfFormatException e = refusal(file);

    assertThat(e.reason()).isEqualTo(ElfFormatException.Reason.TRUNCATED);
    assertThat(e).hasMessageContaining("segment").hasMessageContaining("0xfa0 bytes");
  }

  @Test
  void aCorruptProgramHeaderSize() throws Exception {
    byte[] file = Files.readAllBytes(HELLO);
    header(file).putShort(54, (short) 12);

    ElfFormatException e = refusal(file);

    assertThat(e.reason()).isEqualTo(ElfFormatException.Reason.CORRUPT);
    assertThat(e).hasMessageContaining("of 12 bytes");
  }

  @Test
  void aDynamicallyLinkedProgramIsToldToLinkStatically() throws Exception {
    ElfFormatException e =
        refusal(Files.readAllBytes(RiscvProgramsTest.PROGRAMS.resolve("sieve-dynamic")));

    assertThat(e.reason()).isEqualTo(ElfFormatException.Reason.DYNAMICALLY_LINKED);
    assertThat(e).hasMessageContaining("link it statically");
  }

  @Test
  void anotherArchitecture() throws Exception {
    byte[] file = Files.readAllBytes(HELLO);
    header(file).putShort(18, (short) 62); // EM_X86_64

    ElfFormatException e = refusal(file);

    assertThat(e.reason()).isEqualTo(ElfFormatException.Reason.WRONG_ARCHITECTURE);
    assertThat(e).hasMessageContaining("e_machine 62");
  }

  @Test
  void aProgramThatDoesNotFitTheMemory() throws Exception {
    byte[] file = Files.readAllBytes(HELLO);
    header(file).putLong(64 + 2 * 56 + 16, 0x7000_0000L); // the RW PT_LOAD's p_vaddr

    assertThatThrownBy(() -> LinuxProcess.builder(file).memorySize(64 << 20).build())
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("TOO_LARGE").hasMessageContaining("64 MiB");
  }
}

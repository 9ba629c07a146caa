package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Linux initial process stack, read back word by word as {@code _start} would. */
class InitialStackTest {
  static final long TOP = 0x2_0000;
  static final LoadedProgram PROGRAM = new LoadedProgram(
      0x1_0abc, 0, 0x1_0000, 0x1_8000, 0x1_0040, 9, SymbolTable.of(List.of()));
  static final byte[] RANDOM = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  final SegmentHartMemory memory = SegmentHartMemory.zeroed(0x1_0000, 0x1_0000);

  String string(long p) {
    StringBuilder s = new StringBuilder();
    for (byte b; (b = memory.load8(p)) != 0; p++) {
      s.append((char) b);
    }
    return s.toString();
  }

  @Nested
  class Layout {
    final long sp = InitialStack.build(memory, PROGRAM, TOP - 3, List.of("prog", "-v"),
        List.of("A=1", "HOME=/"), RANDOM);

    Map<Long, Long> auxv() {
      long p = sp + 8 * (1 + 2 + 1 + 2 + 1);
      Map<Long, Long> auxv = new LinkedHashMap<>();
      for (; memory.load64(p) != InitialStack.AT_NULL; p += 16) {
        auxv.put(memory.load64(p), memory.load64(p + 8));
      }
      return auxv;
    }

    @Test
    void stackPointerIs16ByteAlignedBelowTop() {
      assertThat(sp % 16).isZero();
      assertThat(sp).isLessThan(TOP - 3);
    }

    @Test
    void argcArgvAndEnvpComeFirstEachNullTerminated() {
      assertThat(memory.load64(sp)).isEqualTo(2);
      assertThat(string(memory.load64(sp + 8))).isEqualTo("prog");
      assertThat(string(memory.load64(sp + 16))).isEqualTo("-v");
      assertThat(memory.load64(sp + 24)).isZero();
      assertThat(string(memory.load64(sp + 32))).isEqualTo("A=1");
      assertThat(string(memory.load64(sp + 40))).isEqualTo("HOME=/");
      assertThat(memory.load64(sp + 48)).isZero();
    }

    @Test
    void auxvDescribesTheProgram() {
      assertThat(auxv()).containsEntry((long) InitialStack.AT_PHDR, 0x1_0040L)
          .containsEntry((long) InitialStack.AT_PHENT, 56L)
          .containsEntry((long) InitialStack.AT_PHNUM, 9L)
          .containsEntry((long) InitialStack.AT_PAGESZ, 4096L)
          .containsEntry((long) InitialStack.AT_ENTRY, 0x1_0abcL)
          .containsEntry((long) InitialStack.AT_HWCAP, 0x112DL) // i m a f d c
          .containsEntry((long) InitialStack.AT_SECURE, 0L)
          .containsEntry((long) InitialStack.AT_UID, 0L)
          .containsEntry((long) InitialStack.AT_EUID, 0L)
          .containsEntry((long) InitialStack.AT_GID, 0L)
          .containsEntry((long) InitialStack.AT_EGID, 0L);
      assertThat(string(auxv().get((long) InitialStack.AT_EXECFN))).isEqualTo("prog");
    }

    @Test
    void atRandomPointsAtTheSixteenBytesAboveTheVectors() {
      long random = auxv().get((long) InitialStack.AT_RANDOM);
      for (int i = 0; i < 16; i++) {
        assertThat(memory.load8(random + i)).isEqualTo(RANDOM[i]);
      }
      assertThat(random).isGreaterThan(sp).isLessThan(TOP);
    }
  }

  @Nested
  class Refuses {
    @Test
    void emptyArgv() {
      assertThatThrownBy(() -> InitialStack.build(memory, PROGRAM, TOP, List.of(), List.of(),
          RANDOM)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv");
    }

    @Test
    void randomOfTheWrongLength() {
      assertThatThrownBy(() -> InitialStack.build(memory, PROGRAM, TOP, List.of("p"), List.of(),
          new byte[8])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    }
  }
}

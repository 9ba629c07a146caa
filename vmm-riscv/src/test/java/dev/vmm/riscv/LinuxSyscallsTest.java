package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The system-call layer driven through a hart, one ecall at a time. */
class LinuxSyscallsTest {
  static final long HEAP = 0x4000;
  static final long MAPPINGS = 0x8000;
  static final long MAPPINGS_END = 0xC000;

  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final LinuxSyscalls linux = new LinuxSyscalls(
      new LinuxSyscalls.Layout(HEAP, MAPPINGS, MAPPINGS, MAPPINGS_END), stdout, stderr);
  final HartHarness harness = new HartHarness(linux);
  final Hart hart = harness.hart;

  long call(long number, long... args) {
    for (int i = 0; i < args.length; i++) {
      hart.setX(10 + i, args[i]);
    }
    hart.setX(17, number);
    linux.onEcall(hart);
    return hart.x(10);
  }

  @Nested
  class UnknownCalls {
    @Test
    void returnEnosysAndAreCountedByNumber() {
      harness.code(Asm.addi(17, 0, 500), Asm.ECALL, Asm.addi(9, 10, 0), Asm.ECALL,
          Asm.addi(17, 0, 501), Asm.ECALL, Asm.addi(10, 0, 7), Asm.addi(17, 0, 94), Asm.ECALL);

      HartStop stop = harness.run();

      assertThat(stop).isEqualTo(new HartStop.Halted(HartHarness.CODE + 32, 7));
      assertThat(hart.x(9)).isEqualTo(-38);
      assertThat(linux.unknownCalls()).containsExactly(
          java.util.Map.entry(500L, 2L), java.util.Map.entry(501L, 1L));
    }

    @Test
    void aNumberPastIntRangeIsUnknownNotTheCallItsLowBitsName() {
      assertThat(call(0x1_0000_0000L + 172)).isEqualTo(-38);
      assertThat(linux.unknownCalls()).containsOnlyKeys(0x1_0000_0000L + 172);
    }

    @Test
    void servedCallsAreNotCounted() {
      call(172);
      assertThat(linux.unknownCalls()).isEmpty();
    }
  }

  @Nested
  class Output {
    @Test
    void writeAndWritevReachTheHostStreams() {
      harness.memory.store32(0x2000, 0x2168_6968); // "hih!"
      harness.memory.store64(0x3000, 0x2000);
      harness.memory.store64(0x3008, 2);
      harness.memory.store64(0x3010, 0x2002);
      harness.memory.store64(0x3018, 2);

      assertThat(call(64, 1, 0x2000, 4)).isEqualTo(4);
      assertThat(call(66, 2, 0x3000, 2)).isEqualTo(4);

      assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hih!");
      assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("hih!");
    }

    @Test
    void aBadPointerIsEfaultNotAHostException() {
      assertThat(call(64, 1, 0xDEAD_0000L, 4)).isEqualTo(-14);
      assertThat(call(80, 1, 0xDEAD_0000L)).isEqualTo(-14);
      assertThat(stdout.size()).isZero();
    }

    @Test
    void otherDescriptorsAreEbadf() {
      assertThat(call(64, 5, 0x2000, 1)).isEqualTo(-9);
    }
  }

  @Nested
  class Memory {
    @Test
    void brkGrowsWithinTheHeapAndZeroesWhatItAdds() {
      assertThat(call(214, 0)).isEqualTo(HEAP);
      harness.memory.store8(HEAP + 8, 0x55);
      assertThat(call(214, HEAP + 0x100)).isEqualTo(HEAP + 0x100);
      assertThat(harness.memory.load8(HEAP + 8)).isZero();
      assertThat(call(214, MAPPINGS + 1)).as("past the limit: unchanged").isEqualTo(HEAP + 0x100);
    }

    @Test
    void anonymousMmapIsZeroedAndTheLastOneCanBeReturned() {
      long first = call(222, 0, 100, 3, 0x22, -1, 0);
      harness.memory.store8(first, 9);
      assertThat(first).isEqualTo(MAPPINGS);
      assertThat(call(215, first, 100)).isZero();
      assertThat(call(222, 0, 0x1000, 3, 0x22, -1, 0)).isEqualTo(first);
      assertThat(harness.memory.load8(first)).isZero();
      assertThat(call(222, 0, 0x10000, 3, 0x22, -1, 0)).as("no room").isEqualTo(-12);
      assertThat(call(222, 0, 0x1000, 1, 0x02, 3, 0)).as("a file").isEqualTo(-19);
    }
  }

  @Nested
  class ProcessInfo {
    @Test
    void schedGetaffinityOffersEveryHostProcessorInWholeWords() {
      int processors = Runtime.getRuntime().availableProcessors();
      long written = call(123, 0, 128, 0x2000);

      assertThat(written).isEqualTo((processors + 63) / 64 * 8);
      assertThat(Long.bitCount(harness.memory.load64(0x2000))).isEqualTo(Math.min(processors, 64));
      assertThat(call(123, 0, 4, 0x2000)).as("not whole words").isEqualTo(-22);
    }

    @Test
    void sysinfoReportsTheGuestsMemoryAllFree() {
      assertThat(call(179, 0x2000)).isZero();
      long ram = (MAPPINGS - HEAP) + (MAPPINGS_END - MAPPINGS);
      assertThat(harness.memory.load64(0x2000 + 32)).as("totalram").isEqualTo(ram);
      assertThat(harness.memory.load32(0x2000 + 104)).as("mem_unit").isEqualTo(1);
    }
  }

  @Nested
  class Files {
    @Test
    void standardStreamsArePipesAndWithoutARootNothingElseExists() {
      assertThat(call(80, 1, 0x2000)).isZero();
      assertThat(harness.memory.load32(0x2000 + 16) & 0xF000).as("S_IFIFO").isEqualTo(0x1000);
      harness.memory.store8(0x3000, 'a');
      assertThat(call(56, -100, 0x3000, 0)).as("openat").isEqualTo(-2);
      assertThat(call(34, -100, 0x3000, 0755)).as("mkdirat").isEqualTo(-2);
      assertThat(call(29, 1, 0x5401, 0x2000)).as("ioctl TCGETS").isEqualTo(-25);
    }
  }
}

package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.*;
import static dev.vmm.riscv.HartHarness.CODE;
import static dev.vmm.riscv.HartHarness.DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HartTest {
  private final HartHarness t = new HartHarness();

  @Nested
  class Ecalls {
    @Test
    void haltReportsTheStatusAndTheEcallPc() {
      long ecallAt = t.code(addi(10, 0, 42), addi(11, 0, 1));
      t.code(ecallAt, ECALL);

      HartStop stop = t.run();

      assertThat(stop).isEqualTo(new HartStop.Halted(ecallAt, 42));
      assertThat(t.hart.pc()).isEqualTo(ecallAt);
      assertThat(t.hart.instructionsRetired()).isEqualTo(3);
    }

    @Test
    void aHandlerThatReturnsResumesAfterTheEcall() {
      HartHarness h = new HartHarness(hart -> {
        if (hart.x(17) == 1) {
          hart.setX(10, hart.x(10) * 2); // "system call 1" doubles a0
        } else {
          hart.halt(hart.x(10));
        }
      });
      h.code(addi(10, 0, 21), addi(17, 0, 1), ECALL, addi(17, 0, 93), ECALL);

      assertThat(h.run()).isEqualTo(new HartStop.Halted(CODE + 16, 42));
    }

    @Test
    void aHandlerMayRedirectThePc() {
      HartHarness h = new HartHarness(hart -> {
        if (hart.x(10) == 0) {
          hart.setX(10, 7);
          hart.setPc(CODE + 12); // skip the addi at CODE + 8
        } else {
          hart.halt(hart.x(10));
        }
      });
      h.code(ECALL, ECALL, addi(10, 0, 99), ECALL);

      assertThat(h.run()).isEqualTo(new HartStop.Halted(CODE + 12, 7));
    }

    @Test
    void haltOutsideAHandlerIsRefused() {
      assertThatThrownBy(() -> t.hart.halt(0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("onEcall");
    }
  }

  @Nested
  class Stops {
    @Test
    void illegalInstructionNamesPcBitsAndStopsBeforeIt() {
      t.code(addi(5, 0, 1), 0xFFFF_FFFF);

      HartStop stop = t.run();

      assertThat(stop).isEqualTo(new HartStop.IllegalInstruction(CODE + 4, 0xFFFF_FFFF, 4, "illegal"));
      assertThat(stop.describe()).isEqualTo("illegal instruction at 0x1004: 0xffffffff (illegal)");
      assertThat(t.hart.pc()).isEqualTo(CODE + 4);
      assertThat(t.hart.x(5)).isEqualTo(1);
    }

    @Test
    void theAllZeroParcelIsIllegalAndTwoBytesLong() {
      HartStop stop = t.run(); // memory is all zeros

      assertThat(stop).isEqualTo(new HartStop.IllegalInstruction(CODE, 0, 2, "illegal"));
      assertThat(stop.describe()).isEqualTo("illegal instruction at 0x1000: 0x0000 (illegal)");
    }

    @Test
    void anUnimplementedCsrIsReportedWithItsMnemonicAndNumber() {
      int csrrsMstatus = csr(2, 5, 0, 0x300);
      t.code(csrrsMstatus);

      HartStop stop = t.run();

      assertThat(stop).isInstanceOf(HartStop.IllegalInstruction.class);
      assertThat(((HartStop.IllegalInstruction) stop).mnemonic()).startsWith("csrrs")
          .contains("0x300");
    }

    @Test
    void writingAReadOnlyCounterIsIllegal() {
      t.code(csr(1, 5, 6, 0xC00)); // csrrw x5, cycle, x6

      assertThat(t.run()).isInstanceOf(HartStop.IllegalInstruction.class);
    }

    @Test
    void ebreakStopsAtItself() {
      t.code(addi(5, 0, 1), EBREAK);

      assertThat(t.run()).isEqualTo(new HartStop.Breakpoint(CODE + 4));
    }

    @Test
    void aRefusedLoadStopsWithTheMemoryPortsException() {
      t.code(lui(5, 0x10), ld(6, 5, 0)); // 0x10000 is past the end of test memory

      HartStop stop = t.run();

      assertThat(stop).isInstanceOf(HartStop.MemoryFault.class);
      assertThat(stop.pc()).isEqualTo(CODE + 4);
      assertThat(((HartStop.MemoryFault) stop).cause())
          .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("0x10000");
      assertThat(t.hart.x(6)).isZero();
    }

    @Test
    void aRefusedFetchStopsAtTheTarget() {
      t.code(lui(5, 0x20), add(0, 0, 0), i(0, 5, 0, 0, 0x67)); // jalr x0, 0(x5): off the map

      HartStop stop = t.run();

      assertThat(stop).isInstanceOf(HartStop.MemoryFault.class);
      assertThat(stop.pc()).isEqualTo(0x20000);
    }

    @Test
    void aBudgetStopsBetweenInstructionsAndTheNextRunContinues() {
      t.code(addi(5, 5, 1), addi(5, 5, 1), addi(5, 5, 1), addi(10, 5, 0), ECALL);

      assertThat(t.hart.run(2)).isEqualTo(new HartStop.BudgetExhausted(CODE + 8, 2));
      assertThat(t.hart.x(5)).isEqualTo(2);
      assertThat(t.hart.run(100)).isEqualTo(new HartStop.Halted(CODE + 16, 3));
    }

    @Test
    void aNonPositiveBudgetIsRefused() {
      assertThatThrownBy(() -> t.hart.run(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("was 0");
    }
  }

  @Nested
  class Registers {
    @Test
    void x0StaysZeroWhateverIsWrittenToIt() {
      t.code(addi(0, 0, 5), lui(0, 1), add(10, 0, 0), ECALL);
      t.hart.setX(0, 99);

      assertThat(t.run()).isEqualTo(new HartStop.Halted(CODE + 12, 0));
      assertThat(t.hart.x(0)).isZero();
    }

    @Test
    void registerNumbersOutsideTheFileAreRefused() {
      assertThatThrownBy(() -> t.hart.x(32)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.hart.setF(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.hart.setPc(CODE + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csrInstructionsReadAndWriteTheFloatingPointFields() {
      t.code(addi(5, 0, 0x7F),
          csr(1, 6, 5, 0x003), // csrrw x6, fcsr, x5: old 0, fcsr = 0x7F
          csr(2, 7, 0, 0x002), // csrr x7, frm: 3
          csr(7, 28, 1, 0x001), // csrrci x28, fflags, 1: old 0x1F
          csr(2, 29, 0, 0x003), // csrr x29, fcsr: 0x7E
          csr(2, 30, 0, 0xC02), // rdinstret: 5 retired before it
          ECALL);

      t.run();

      assertThat(t.hart.x(6)).isZero();
      assertThat(t.hart.x(7)).isEqualTo(3);
      assertThat(t.hart.x(28)).isEqualTo(0x1F);
      assertThat(t.hart.x(29)).isEqualTo(0x7E);
      assertThat(t.hart.fcsr()).isEqualTo(0x7E);
      assertThat(t.hart.x(30)).isEqualTo(5);
    }
  }

  @Nested
  class DecodedCode {
    @Test
    void fenceIMakesRewrittenCodeVisible() {
      // Runs the addi at CODE + 16, rewrites it to "addi x10, x10, 100", fence.i, runs it again.
      t.memory.store32(DATA, addi(10, 10, 100));
      t.code(lui(6, 8), lw(7, 6, 0), addi(28, 0, 2), lui(29, 1),
          addi(10, 10, 1), // CODE + 16, the instruction rewritten
          addi(28, 28, -1), b(16, 0, 28, 0) /* beq x28, x0, ecall */, sw(7, 29, 16),
          FENCE_I, jal(0, -20), ECALL);

      HartStop stop = t.run();

      assertThat(stop).isInstanceOf(HartStop.Halted.class);
      assertThat(((HartStop.Halted) stop).status()).isEqualTo(101);
    }

    @Test
    void withoutFenceIAnAlreadyDecodedInstructionKeepsRunning() {
      // The same loop without fence.i: RISC-V gives no guarantee, and this hart keeps the old code.
      t.memory.store32(DATA, addi(10, 10, 100));
      t.code(lui(6, 8), lw(7, 6, 0), addi(28, 0, 2), lui(29, 1), addi(10, 10, 1),
          addi(28, 28, -1), b(16, 0, 28, 0), sw(7, 29, 16), addi(0, 0, 0), jal(0, -20), ECALL);

      assertThat(((HartStop.Halted) t.run()).status()).isEqualTo(2);
    }

    @Test
    void compressedAndFullInstructionsMix() {
      long at = t.parcels(CODE, 0x4515 /* c.li a0, 5 */, 0x0505 /* c.addi a0, 1 */,
          0x85aa /* c.mv a1, a0 */, 0x952e /* c.add a0, a1 */);
      t.code(at, addi(10, 10, 3), ECALL);

      assertThat(t.run()).isEqualTo(new HartStop.Halted(at + 4, 15));
    }
  }
}

package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.*;
import static dev.vmm.riscv.HartHarness.DATA;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** LR/SC reservations and AMOs on one hart; x5 holds the address {@link HartHarness#DATA}. */
class AtomicsTest {
  static final int LR = 0x02;
  static final int SC = 0x03;
  static final int W = 2;
  static final int D = 3;

  private final HartHarness t = new HartHarness();

  private void runWithAddress(int... body) {
    int[] program = new int[body.length + 2];
    program[0] = lui(5, (int) (DATA >>> 12));
    System.arraycopy(body, 0, program, 1, body.length);
    program[program.length - 1] = ECALL;
    t.code(program);
    assertThat(t.run()).isInstanceOf(HartStop.Halted.class);
  }

  @Nested
  class StoreConditional {
    @Test
    void succeedsAfterAMatchingLoadReserved() {
      t.memory.store64(DATA, 5);
      runWithAddress(addi(7, 0, 9), amo(LR, D, 6, 5, 0), amo(SC, D, 10, 5, 7));

      assertThat(t.hart.x(6)).isEqualTo(5);
      assertThat(t.hart.x(10)).isZero();
      assertThat(t.memory.load64(DATA)).isEqualTo(9);
    }

    @Test
    void failsWithoutALoadReserved() {
      runWithAddress(addi(7, 0, 9), amo(SC, D, 10, 5, 7));

      assertThat(t.hart.x(10)).isEqualTo(1);
      assertThat(t.memory.load64(DATA)).isZero();
    }

    @Test
    void failsAfterTheHartStoresToTheReservedAddress() {
      runWithAddress(addi(7, 0, 9), amo(LR, D, 6, 5, 0), sb(7, 5, 3), amo(SC, D, 10, 5, 7));

      assertThat(t.hart.x(10)).isEqualTo(1);
      assertThat(t.memory.load64(DATA)).isEqualTo(9L << 24); // only the byte store happened
    }

    @Test
    void succeedsAfterAStoreElsewhere() {
      runWithAddress(addi(7, 0, 9), amo(LR, D, 6, 5, 0), sd(7, 5, 8), amo(SC, D, 10, 5, 7));

      assertThat(t.hart.x(10)).isZero();
    }

    @Test
    void failsForAnotherAddressOrWidthAndTheReservationIsSpentEitherWay() {
      runWithAddress(addi(7, 0, 9), addi(28, 5, 8),
          amo(LR, D, 6, 5, 0), amo(SC, D, 10, 28, 7), // another address
          amo(SC, D, 11, 5, 7), // the reservation is gone
          amo(LR, D, 6, 5, 0), amo(SC, W, 12, 5, 7)); // another width

      assertThat(t.hart.x(10)).isEqualTo(1);
      assertThat(t.hart.x(11)).isEqualTo(1);
      assertThat(t.hart.x(12)).isEqualTo(1);
      assertThat(t.memory.load64(DATA)).isZero();
    }

    @Test
    void loadReservedWordSignExtends() {
      t.memory.store32(DATA, 0x8000_0001);
      runWithAddress(amo(LR, W, 6, 5, 0));

      assertThat(t.hart.x(6)).isEqualTo(0xFFFF_FFFF_8000_0001L);
    }
  }

  @Nested
  class MemoryOperations {
    @Test
    void wordAmosComputeAtThirtyTwoBitsAndReturnTheSignExtendedOldValue() {
      t.memory.store32(DATA, -2);
      t.memory.store32(DATA + 4, 0x1234_5678); // the neighbouring word must not change
      runWithAddress(addi(7, 0, 1),
          amo(0x00, W, 6, 5, 7), // amoadd.w: -2 + 1
          amo(0x18, W, 28, 5, 7)); // amominu.w: unsigned min(0xFFFFFFFF, 1)

      assertThat(t.hart.x(6)).isEqualTo(-2);
      assertThat(t.hart.x(28)).isEqualTo(-1);
      assertThat(t.memory.load32(DATA)).isEqualTo(1);
      assertThat(t.memory.load32(DATA + 4)).isEqualTo(0x1234_5678);
    }

    @Test
    void doublewordAmosCoverEveryOperation() {
      long[][] cases = { // funct5, memory, operand, expected memory afterwards
          {0x01, 5, -3, -3}, {0x00, 5, -3, 2}, {0x04, 6, 3, 5}, {0x0C, 6, 3, 2}, {0x08, 6, 3, 7},
          {0x10, -1, 1, -1}, {0x14, -1, 1, 1}, {0x18, -1, 1, 1}, {0x1C, -1, 1, -1}};
      for (long[] c : cases) {
        HartHarness h = new HartHarness();
        h.memory.store64(DATA, c[1]);
        h.code(lui(5, (int) (DATA >>> 12)), addi(7, 0, (int) c[2]), amo((int) c[0], D, 6, 5, 7),
            ECALL);

        h.run();

        assertThat(h.hart.x(6)).as("funct5 0x%x returns the old value", c[0]).isEqualTo(c[1]);
        assertThat(h.memory.load64(DATA)).as("funct5 0x%x", c[0]).isEqualTo(c[3]);
      }
    }

    @Test
    void anAmoIsAStoreForTheReservation() {
      runWithAddress(addi(7, 0, 9), amo(LR, D, 6, 5, 0), amo(0x00, D, 0, 5, 7),
          amo(SC, D, 10, 5, 7));

      assertThat(t.hart.x(10)).isEqualTo(1);
      assertThat(t.memory.load64(DATA)).isEqualTo(9);
    }
  }
}

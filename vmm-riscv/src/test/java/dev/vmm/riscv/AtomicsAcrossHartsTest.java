package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LR/SC and AMOs between harts that share one memory: on real Java threads, where every
 * increment must land exactly once, and step by step, where another hart's store between a
 * hart's {@code lr} and {@code sc} must fail the {@code sc}.
 */
class AtomicsAcrossHartsTest {
  static final int AMOADD = 0b00000;
  static final int LR = 0b00010;
  static final int SC = 0b00011;
  static final int WORD = 2;
  static final int DOUBLE = 3;
  static final int BEQ = 0;
  static final int BNE = 1;
  static final long COUNTER64 = HartHarness.DATA;
  static final long COUNTER32 = HartHarness.DATA + 8;

  /** Loops a6 times: {@code amoadd} x7 (1) to the counter at x5. */
  static int[] amoLoop(int width) {
    return new int[] {
        Asm.amo(AMOADD, width, 0, 5, 7),
        Asm.addi(16, 16, -1),
        Asm.b(-8, 0, 16, BNE),
        Asm.ECALL};
  }

  /** Loops a6 times: {@code lr}, add x7, {@code sc}, retry until the {@code sc} succeeds. */
  static int[] lrScLoop(int width) {
    return new int[] {
        Asm.amo(LR, width, 8, 5, 0),
        Asm.add(8, 8, 7),
        Asm.amo(SC, width, 9, 5, 8),
        Asm.b(-12, 0, 9, BNE),
        Asm.addi(16, 16, -1),
        Asm.b(-20, 0, 16, BNE),
        Asm.ECALL};
  }

  @Nested
  class OnConcurrentThreads {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261125})
    void everyIncrementLandsExactlyOnce(long seed) throws Exception {
      SplittableRandom random = new SplittableRandom(seed);
      SegmentHartMemory memory = SegmentHartMemory.zeroed(0, HartHarness.SIZE);
      int harts = 4; // two per counter, so every counter is contended
      long[] expected = new long[2];
      List<Thread> threads = new ArrayList<>();
      AtomicReference<HartStop> wrongStop = new AtomicReference<>();
      for (int h = 0; h < harts; h++) {
        boolean word = h % 2 == 1;
        boolean lrSc = random.nextBoolean();
        int iterations = 5_000 + random.nextInt(20_000);
        long code = 0x1000 + 0x100L * h;
        int[] body = lrSc ? lrScLoop(word ? WORD : DOUBLE) : amoLoop(word ? WORD : DOUBLE);
        for (int i = 0; i < body.length; i++) {
          memory.store32(code + 4L * i, body[i]);
        }
        Hart hart = Hart.create(memory, x -> x.halt(0));
        hart.setPc(code);
        hart.setX(5, word ? COUNTER32 : COUNTER64);
        hart.setX(7, 1);
        hart.setX(16, iterations);
        expected[word ? 1 : 0] += iterations;
        threads.add(Thread.ofPlatform().unstarted(() -> {
          HartStop stop = hart.run(100_000_000);
          if (!(stop instanceof HartStop.Halted)) {
            wrongStop.set(stop);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(wrongStop.get()).as("seed %d: a hart stopped early", seed).isNull();
      assertThat(memory.load64(COUNTER64)).as("seed %d: doubleword counter", seed)
          .isEqualTo(expected[0]);
      assertThat(memory.load32(COUNTER32)).as("seed %d: word counter", seed)
          .isEqualTo((int) expected[1]);
    }
  }

  @Nested
  class StepByStep {
    /** {@code lr.d x8}, an ecall in which "another hart" acts, then {@code sc.d} of x8 + 1. */
    long scAfter(java.util.function.Consumer<HartMemory> otherHart) {
      HartHarness harness = new HartHarness(h -> {
        if (h.x(17) == 1) {
          otherHart.accept(h.memory());
        } else {
          h.halt(h.x(9));
        }
      });
      harness.memory.store64(COUNTER64, 41);
      harness.code(
          Asm.addi(17, 0, 1),
          Asm.amo(LR, DOUBLE, 8, 5, 0),
          Asm.ECALL,
          Asm.addi(8, 8, 1),
          Asm.amo(SC, DOUBLE, 9, 5, 8),
          Asm.addi(17, 0, 2),
          Asm.ECALL);
      harness.hart.setX(5, COUNTER64);
      HartStop stop = harness.run();
      assertThat(stop).isInstanceOf(HartStop.Halted.class);
      return ((HartStop.Halted) stop).status();
    }

    @Test
    void withNoOtherStoreTheScSucceeds() {
      assertThat(scAfter(m -> { })).isZero();
    }

    @Test
    void anotherHartsStoreOfANewValueBreaksTheReservation() {
      assertThat(scAfter(m -> m.store64(COUNTER64, 7))).isEqualTo(1);
    }

    @Test
    void anotherHartsAmoBreaksTheReservation() {
      assertThat(scAfter(m -> m.compareAndSwap64(COUNTER64, 41, 42))).isEqualTo(1);
    }

    @Test
    void aStoreThatPutsBackTheSameValueIsNotSeenWhichIsTheDocumentedAbaCaveat() {
      assertThat(scAfter(m -> {
        m.store64(COUNTER64, 7);
        m.store64(COUNTER64, 41);
      })).isZero();
    }
  }

  @Nested
  class Alignment {
    @Test
    void aMisalignedAmoStopsTheHartAndWritesNothing() {
      HartHarness harness = new HartHarness();
      harness.code(Asm.amo(AMOADD, WORD, 6, 5, 7), Asm.ECALL);
      harness.hart.setX(5, COUNTER64 + 2);
      harness.hart.setX(7, 1);
      harness.hart.setX(6, 99);

      HartStop stop = harness.run();

      assertThat(stop).isInstanceOf(HartStop.MemoryFault.class);
      assertThat(stop.describe()).contains("amoadd.w", "misaligned", "0x8002");
      assertThat(harness.hart.x(6)).isEqualTo(99);
      assertThat(harness.memory.load64(COUNTER64)).isZero();
    }
  }
}

package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Threads under {@link LinuxSyscalls#run}: hand-assembled programs that clone, join through the
 * {@code CLONE_CHILD_CLEARTID} futex, and end the process from either thread.
 */
class LinuxThreadsTest {
  static final int A0 = 10;
  static final int A1 = 11;
  static final int A2 = 12;
  static final int A3 = 13;
  static final int A4 = 14;
  static final int A7 = 17;
  static final int BEQ = 0;
  static final long TID_WORD = HartHarness.DATA;

  final LinuxSyscalls linux = new LinuxSyscalls(
      new LinuxSyscalls.Layout(0xA000, 0xA000, 0xA000, 0xA000), OutputStream.nullOutputStream(),
      OutputStream.nullOutputStream());
  final HartHarness harness = new HartHarness(linux);

  /**
   * Nine instructions: {@code clone(flagsHigh << 12 + flagsLow, stack 0xF000, &tid, 0, &tid)}
   * with the tid word's address kept in x9. Both threads continue after the ecall, the child with
   * a0 = 0.
   */
  static int[] cloneCall(int flagsHigh, int flagsLow) {
    return new int[] {
        Asm.lui(9, (int) (TID_WORD >> 12)),
        Asm.lui(A0, flagsHigh),
        Asm.addi(A0, A0, flagsLow),
        Asm.lui(A1, 0xF),
        Asm.addi(A2, 9, 0),
        Asm.addi(A3, 0, 0),
        Asm.addi(A4, 9, 0),
        Asm.addi(A7, 0, 220),
        Asm.ECALL};
  }

  static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }

  @Nested
  class Joining {
    @Test
    void theParentWaitsOnTheClearedTidWordUntilTheChildExits() {
      // flags 0x310900: VM | SIGHAND | THREAD | PARENT_SETTID | CHILD_CLEARTID
      harness.code(concat(cloneCall(0x311, -0x700), new int[] {
          Asm.b(52, 0, A0, BEQ), // the child (a0 == 0) goes to "child"
          Asm.lw(5, 9, 0), // loop: t0 = tid word
          Asm.b(32, 0, 5, BEQ), // cleared: done
          Asm.addi(A0, 9, 0),
          Asm.addi(A1, 0, 0), // FUTEX_WAIT
          Asm.addi(A2, 5, 0),
          Asm.addi(A3, 0, 0),
          Asm.addi(A7, 0, 98),
          Asm.ECALL,
          Asm.jal(0, -32), // back to loop
          Asm.addi(A0, 0, 7), // done: exit_group(7)
          Asm.addi(A7, 0, 94),
          Asm.ECALL,
          Asm.addi(A0, 0, 0), // child: exit(0)
          Asm.addi(A7, 0, 93),
          Asm.ECALL}));

      HartStop stop = linux.run(harness.hart, 10_000_000);

      assertThat(stop).isInstanceOf(HartStop.Halted.class);
      assertThat(((HartStop.Halted) stop).status()).isEqualTo(7);
      assertThat(harness.memory.load32(TID_WORD)).as("cleared at the child's exit").isZero();
      assertThat(linux.unknownCalls()).isEmpty();
    }
  }

  @Nested
  class Ending {
    /** Clones a bare thread that runs {@code child}, while the parent spins forever. */
    HartStop runSpinningParentWith(int... child) {
      harness.code(concat(cloneCall(0x11, -0x700), new int[] { // VM | SIGHAND | THREAD
          Asm.b(8, 0, A0, BEQ),
          Asm.jal(0, 0)}, child));
      return linux.run(harness.hart, 1_000_000_000);
    }

    @Test
    void exitGroupInAChildStopsTheSpinningParent() {
      HartStop stop = runSpinningParentWith(
          Asm.addi(A0, 0, 42), Asm.addi(A7, 0, 94), Asm.ECALL);

      assertThat(stop).isInstanceOf(HartStop.Halted.class);
      assertThat(((HartStop.Halted) stop).status()).isEqualTo(42);
    }

    @Test
    void aFaultInAChildEndsTheProcessWithThatFault() {
      HartStop stop = runSpinningParentWith(Asm.lui(6, 0x10), Asm.ld(5, 6, 0));

      assertThat(stop).isInstanceOf(HartStop.MemoryFault.class);
      assertThat(stop.describe()).contains("0x10000");
    }

    @Test
    void theBudgetEndsAProgramThatNeverExits() {
      harness.code(Asm.jal(0, 0));

      HartStop stop = linux.run(harness.hart, 3_000_000);

      assertThat(stop).isEqualTo(new HartStop.BudgetExhausted(HartHarness.CODE, 3_000_000));
    }

    @Test
    void theLastThreadsExitEndsTheProcess() {
      harness.code(Asm.addi(A0, 0, 5), Asm.addi(A7, 0, 93), Asm.ECALL);

      HartStop stop = linux.run(harness.hart, 1_000);

      assertThat(stop).isEqualTo(new HartStop.Halted(HartHarness.CODE + 8, 5));
    }
  }

  @Nested
  class Deadlocks {
    @Test
    void aLoneThreadWaitingForeverIsReportedNotHung() {
      harness.code(
          Asm.lui(A0, (int) (TID_WORD >> 12)),
          Asm.addi(A1, 0, 128), // FUTEX_WAIT_PRIVATE
          Asm.addi(A2, 0, 0),
          Asm.addi(A3, 0, 0),
          Asm.addi(A7, 0, 98),
          Asm.ECALL);

      HartStop stop = linux.run(harness.hart, 1_000_000);

      assertThat(stop).isEqualTo(new HartStop.Deadlocked(HartHarness.CODE + 20, 1));
    }

    @Test
    void twoThreadsWaitingOnEachOtherAreADeadlock() {
      harness.code(concat(cloneCall(0x11, -0x700), new int[] {
          Asm.addi(A1, 0, 128), // both threads: futex(tid word + 8 * (child ? 1 : 0), WAIT, 0)
          Asm.addi(A2, 0, 0),
          Asm.addi(A3, 0, 0),
          Asm.addi(A7, 0, 98),
          Asm.b(8, 0, A0, BEQ),
          Asm.addi(9, 9, 8),
          Asm.addi(A0, 9, 0),
          Asm.ECALL}));

      HartStop stop = linux.run(harness.hart, 1_000_000);

      assertThat(stop).isInstanceOf(HartStop.Deadlocked.class);
      assertThat(((HartStop.Deadlocked) stop).threads()).isEqualTo(2);
    }
  }

  @Nested
  class Refusals {
    long call(long number, long... args) {
      for (int i = 0; i < args.length; i++) {
        harness.hart.setX(10 + i, args[i]);
      }
      harness.hart.setX(17, number);
      linux.onEcall(harness.hart);
      return harness.hart.x(10);
    }

    @Test
    void aForkIsEnosysAndStartsNothing() {
      assertThat(call(220, 17, 0, 0, 0, 0)).isEqualTo(-38); // SIGCHLD: fork
      assertThat(call(435, 0, 0)).as("clone3: glibc falls back to clone").isEqualTo(-38);
      assertThat(linux.unknownCalls()).as("both are served, by refusing").isEmpty();
    }

    @Test
    void futexChecksItsArguments() {
      harness.memory.store32(TID_WORD, 3);
      assertThat(call(98, TID_WORD, 0, 2, 0)).as("value changed").isEqualTo(-11);
      assertThat(call(98, TID_WORD + 2, 0, 3, 0)).as("misaligned").isEqualTo(-22);
      assertThat(call(98, TID_WORD, 9 | 128, 3, 0, 0, 0)).as("empty bitset").isEqualTo(-22);
      assertThat(call(98, TID_WORD, 3, 1, 0)).as("requeue").isEqualTo(-38);
      assertThat(call(98, TID_WORD, 1 | 128, 1)).as("nobody to wake").isZero();
      assertThat(call(98, 0xDEAD_0000L, 0, 3, 0)).as("bad pointer").isEqualTo(-14);
      harness.memory.store64(TID_WORD + 16, 0);
      harness.memory.store64(TID_WORD + 24, 2_000_000_000L);
      assertThat(call(98, TID_WORD, 0, 3, TID_WORD + 16)).as("bad timespec").isEqualTo(-22);
      harness.memory.store64(TID_WORD + 24, 0);
      assertThat(call(98, TID_WORD, 0, 3, TID_WORD + 16)).as("zero timeout")
          .isEqualTo(-110);
    }

    @Test
    void gettidIsThePidForTheMainThread() {
      assertThat(call(178)).isEqualTo(1);
      assertThat(call(96, TID_WORD)).as("set_tid_address").isEqualTo(1);
    }
  }
}

package dev.vmm.stress.riscv;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.riscv.Hart;
import dev.vmm.riscv.SegmentHartMemory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * Two harts on two threads each increment one counter with an {@code lr.d}/{@code sc.d} loop
 * that retries until its {@code sc} succeeds, the way compilers emit an atomic fetch-and-add
 * without the A extension's AMOs.
 *
 * <p>r1, r2: the value each hart's successful {@code lr} read; r3: the counter afterwards.
 *
 * <p>Forbidden: both reading 0 or the counter at 1: an {@code sc} succeeded although the other
 * hart had stored to the reserved word since the {@code lr}.
 */
@JCStressTest
@Description("lr.d/sc.d increment loops by two harts on one counter")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "the first hart's increment went first")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the second hart's increment went first")
@Outcome(expect = FORBIDDEN, desc = "an increment lost: an sc succeeded over the other's store")
@State
public class LrScIncrementAcrossHartsTest {
  private static final int[] LOOP = {
      RiscvFixtures.lrD(6, 5),
      RiscvFixtures.add(8, 6, 7),
      RiscvFixtures.scD(9, 5, 8),
      RiscvFixtures.bnez(9, -12),
      RiscvFixtures.ECALL};

  private final SegmentHartMemory memory = RiscvFixtures.sharedMemory();
  private final Hart first = RiscvFixtures.hart(memory, 0x000, 1, LOOP);
  private final Hart second = RiscvFixtures.hart(memory, 0x100, 1, LOOP);

  @Actor
  public void first(JJJ_Result r) {
    RiscvFixtures.runToEcall(first);
    r.r1 = first.x(6);
  }

  @Actor
  public void second(JJJ_Result r) {
    RiscvFixtures.runToEcall(second);
    r.r2 = second.x(6);
  }

  @Arbiter
  public void counter(JJJ_Result r) {
    r.r3 = memory.load64(RiscvFixtures.COUNTER);
  }
}

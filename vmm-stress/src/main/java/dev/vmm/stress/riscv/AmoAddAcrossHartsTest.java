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
 * Two harts on two threads each run one {@code amoadd.d} of 1 on the same counter.
 *
 * <p>r1, r2: the old values the two AMOs returned; r3: the counter afterwards.
 *
 * <p>Forbidden: both seeing 0 or the counter at 1 (an increment lost: the read-modify-write was
 * not atomic), or any other value.
 */
@JCStressTest
@Description("amoadd.d by two harts on one counter")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "the first hart's AMO went first")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the second hart's AMO went first")
@Outcome(expect = FORBIDDEN, desc = "an increment lost or seen twice")
@State
public class AmoAddAcrossHartsTest {
  private final SegmentHartMemory memory = RiscvFixtures.sharedMemory();
  private final Hart first =
      RiscvFixtures.hart(memory, 0x000, 1, RiscvFixtures.amoaddD(6, 5, 7), RiscvFixtures.ECALL);
  private final Hart second =
      RiscvFixtures.hart(memory, 0x100, 1, RiscvFixtures.amoaddD(6, 5, 7), RiscvFixtures.ECALL);

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

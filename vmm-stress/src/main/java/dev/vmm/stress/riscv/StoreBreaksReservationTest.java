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
 * One hart runs {@code lr.d}, adds 1, {@code sc.d} once (no retry); another hart stores 100 to
 * the same word with a plain {@code sd}.
 *
 * <p>r1: the value the {@code lr} read; r2: the {@code sc}'s result (0 stored, 1 failed); r3: the
 * word afterwards.
 *
 * <p>Forbidden: "0, 0, 1": the store came between the {@code lr} and the {@code sc}, yet the
 * {@code sc} succeeded and overwrote it, so the store was lost.
 */
@JCStressTest
@Description("a plain store by another hart between lr.d and sc.d")
@Outcome(id = "100, 0, 101", expect = ACCEPTABLE, desc = "the store came before the lr")
@Outcome(id = "0, 0, 100", expect = ACCEPTABLE, desc = "the store came after the sc")
@Outcome(id = "0, 1, 100", expect = ACCEPTABLE, desc = "the store broke the reservation")
@Outcome(id = "100, 1, 100", expect = ACCEPTABLE,
    desc = "a spurious sc failure, which the ISA allows (this emulator does not make them)")
@Outcome(expect = FORBIDDEN, desc = "the store was lost under a successful sc")
@State
public class StoreBreaksReservationTest {
  private final SegmentHartMemory memory = RiscvFixtures.sharedMemory();
  private final Hart reserving = RiscvFixtures.hart(memory, 0x000, 1,
      RiscvFixtures.lrD(6, 5),
      RiscvFixtures.add(8, 6, 7),
      RiscvFixtures.scD(9, 5, 8),
      RiscvFixtures.ECALL);
  private final Hart storing = RiscvFixtures.hart(memory, 0x100, 100,
      RiscvFixtures.sd(7, 5),
      RiscvFixtures.ECALL);

  @Actor
  public void reserving(JJJ_Result r) {
    RiscvFixtures.runToEcall(reserving);
    r.r1 = reserving.x(6);
    r.r2 = reserving.x(9);
  }

  @Actor
  public void storing() {
    RiscvFixtures.runToEcall(storing);
  }

  @Arbiter
  public void word(JJJ_Result r) {
    r.r3 = memory.load64(RiscvFixtures.COUNTER);
  }
}

package dev.vmm.stress.riscv;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * On the production port ({@link HartMemory#onGuestMemory}, vmm-memory's checked memory), one
 * hart runs {@code amoadd.d} of 1 while another stores 100 to the same word with a plain
 * {@code sd}. The other riscv tests here run on a plain segment; this one shows that the tagged
 * memory's compare-and-set is atomic against a racing plain store too.
 *
 * <p>r1: the old value the AMO returned; r2: the word afterwards.
 *
 * <p>Forbidden: "0, 1": the AMO read 0, the store came, and the AMO's write of 1 overwrote it, so
 * the store was lost (what a read-compare-write under a lock of the port's own allows).
 */
@JCStressTest
@Description("amoadd.d racing a plain sd on the tagged memory's port")
@Outcome(id = "0, 100", expect = ACCEPTABLE, desc = "the AMO went first")
@Outcome(id = "100, 101", expect = ACCEPTABLE, desc = "the store went first")
@Outcome(expect = FORBIDDEN, desc = "the store was lost under the AMO")
@State
public class AmoRacingStoreOnTaggedMemoryTest {
  private static final long SIZE = GuestMemory.PAGE_SIZE;

  private final GuestMemory memory = GuestMemory.builder().size(SIZE).ram(0, SIZE).build();
  private final HartMemory port = HartMemory.onGuestMemory(memory, 0, SIZE);
  private final Hart adding =
      RiscvFixtures.hart(port, 0x000, 1, RiscvFixtures.amoaddD(6, 5, 7), RiscvFixtures.ECALL);
  private final Hart storing =
      RiscvFixtures.hart(port, 0x100, 100, RiscvFixtures.sd(7, 5), RiscvFixtures.ECALL);

  @Actor
  public void adding(JJ_Result r) {
    RiscvFixtures.runToEcall(adding);
    r.r1 = adding.x(6);
  }

  @Actor
  public void storing() {
    RiscvFixtures.runToEcall(storing);
  }

  @Arbiter
  public void word(JJ_Result r) {
    r.r2 = memory.load64(RiscvFixtures.COUNTER);
    memory.close();
  }
}

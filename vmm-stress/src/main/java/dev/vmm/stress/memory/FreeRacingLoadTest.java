package dev.vmm.stress.memory;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.memory.GuestMemory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A vCPU frees a block while another loads from it (a data race in the guest).
 *
 * <p>r1: the racing load: 7 (it went first) or -2 (use after free). r2: a load after both: always
 * -2, the block being in the quarantine.
 *
 * <p>Forbidden: any other refusal (the report would misname the bug), any other value, and a load
 * after the free being allowed (the free did not take effect).
 */
@JCStressTest
@Description("free racing a load of the same block")
@Outcome(id = "7, -2", expect = ACCEPTABLE, desc = "the load went before the free")
@Outcome(id = "-2, -2", expect = ACCEPTABLE, desc = "the load was a use after free")
@Outcome(expect = FORBIDDEN, desc = "a wrong report or value, or the free did not take")
@State
public class FreeRacingLoadTest {
  private final GuestMemory memory = MemoryFixtures.memory();
  private final long p;

  public FreeRacingLoadTest() {
    p = memory.malloc(16, 1);
    memory.store64(p, 7);
  }

  @Actor
  public void free() {
    memory.free(p, 2);
  }

  @Actor
  public void load(JJ_Result r) {
    r.r1 = MemoryFixtures.load(() -> memory.load64(p));
  }

  @Arbiter
  public void check(JJ_Result r) {
    r.r2 = MemoryFixtures.load(() -> memory.load64(p));
    memory.close();
  }
}

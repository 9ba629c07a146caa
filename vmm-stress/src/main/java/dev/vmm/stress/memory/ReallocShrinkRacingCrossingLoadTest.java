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
 * A vCPU shrinks a 64-byte block in place to 20 bytes with realloc (its second granule goes back
 * to free space) while another loads 8 bytes at offset 28, across the boundary of its two
 * granules: the check reads one access word, the first granule's, whose reach says how far the
 * block runs on into the second, and the allocator rewrites that word and clears the second's.
 *
 * <p>r1: the crossing load: 7 (before the shrink) or -3 (an overflow, after it). r2: the same load
 * after both: always -3.
 *
 * <p>Forbidden: any other value or report; above all 0, which would mean the load read the
 * block's bytes after they were no longer its own.
 */
@JCStressTest
@Description("realloc shrinking in place racing a load that crosses two granules")
@Outcome(id = "7, -3", expect = ACCEPTABLE, desc = "the load went before the shrink")
@Outcome(id = "-3, -3", expect = ACCEPTABLE, desc = "the load was an overflow after the shrink")
@Outcome(expect = FORBIDDEN, desc = "a wrong report or value, or the shrink did not take")
@State
public class ReallocShrinkRacingCrossingLoadTest {
  private final GuestMemory memory = MemoryFixtures.memory();
  private final long p;

  public ReallocShrinkRacingCrossingLoadTest() {
    p = memory.malloc(64, 1);
    memory.store64(p + 28, 7);
  }

  @Actor
  public void shrink() {
    if (memory.realloc(p, 20, 2) != p) {
      throw new IllegalStateException("realloc moved; the test needs a shrink in place");
    }
  }

  @Actor
  public void load(JJ_Result r) {
    r.r1 = MemoryFixtures.load(() -> memory.load64(p + 28));
  }

  @Arbiter
  public void check(JJ_Result r) {
    r.r2 = MemoryFixtures.load(() -> memory.load64(p + 28));
    memory.close();
  }
}

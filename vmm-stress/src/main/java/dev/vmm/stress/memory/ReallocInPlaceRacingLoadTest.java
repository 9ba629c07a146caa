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
 * A vCPU grows a block in place with realloc (its size goes from 16 to 64; the granules after it
 * join it) while another loads inside the old size and just past it.
 *
 * <p>r1: the load at offset 8, inside both sizes: always 7. r2: the load at offset 40, past the old
 * size: -3 (overflow, before the growth) or 0 (after it; the new bytes are not cleared, and were
 * never written).
 *
 * <p>Forbidden: the load inside the old size refused at any moment of the growth.
 */
@JCStressTest
@Description("realloc growing in place racing loads inside and past the old size")
@Outcome(id = "7, -3", expect = ACCEPTABLE, desc = "the loads went before the growth")
@Outcome(id = "7, 0", expect = ACCEPTABLE, desc = "the second load saw the growth")
@Outcome(expect = FORBIDDEN, desc = "a load inside the old size was refused, or a wrong value")
@State
public class ReallocInPlaceRacingLoadTest {
  private final GuestMemory memory = MemoryFixtures.memory();
  private final long p;

  public ReallocInPlaceRacingLoadTest() {
    p = memory.malloc(16, 1);
    memory.store64(p + 8, 7);
  }

  @Actor
  public void grow() {
    if (memory.realloc(p, 64, 2) != p) {
      throw new IllegalStateException("realloc moved; the test needs growth in place");
    }
  }

  @Actor
  public void load(JJ_Result r) {
    r.r1 = MemoryFixtures.load(() -> memory.load64(p + 8));
    r.r2 = MemoryFixtures.load(() -> memory.load64(p + 40));
  }

  @Arbiter
  public void close() {
    memory.close();
  }
}

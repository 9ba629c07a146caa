package dev.vmm.stress.memory;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * A vCPU mallocs a block, stores 42 into it and publishes the pointer through a plain field (as a
 * guest publishes through guest memory: no happens-before); another vCPU reads the field and loads
 * through the pointer, and loads from an older block. The malloc is the one that grows the
 * allocation table (copying it into a larger array), so the readers race the growth too.
 *
 * <p>r1: the older block's value (always 5). r2: -1 if the pointer was not seen yet, else the
 * load's value (42, or 0 if the racy read of the guest's own data was stale).
 *
 * <p>Forbidden: any refusal. A checked access that does not see the new entry goes to the slow
 * path, which takes the allocator's lock and so sees the finished allocation; the older block's
 * entry is in both the old and the new array. A refusal would mean a guest whose pointers travel
 * between vCPUs could be stopped for a legal access.
 */
@JCStressTest
@Description("a malloc that grows the table, published racily, then accessed")
@Outcome(id = "5, -1", expect = ACCEPTABLE, desc = "the pointer was not seen yet")
@Outcome(id = "5, 42", expect = ACCEPTABLE, desc = "the pointer and its contents were seen")
@Outcome(id = "5, 0", expect = ACCEPTABLE_INTERESTING,
    desc = "the pointer was seen, the guest's racy store to its block not yet")
@Outcome(expect = FORBIDDEN, desc = "a legal access was refused, or returned another value")
@State
public class RacyMallocPublicationTest {
  private final GuestMemory memory = MemoryFixtures.memory();
  private final long older;
  private long published;

  public RacyMallocPublicationTest() {
    older = memory.malloc(8, 1);
    memory.store64(older, 5);
    for (int i = 1; i < MemoryFixtures.FILL_TO_GROWTH; i++) {
      memory.malloc(8, 1);
    }
  }

  @Actor
  public void allocate() {
    long p = memory.malloc(16, 2);
    memory.store64(p, 42);
    published = p;
  }

  @Actor
  public void access(JJ_Result r) {
    r.r1 = MemoryFixtures.load(() -> memory.load64(older));
    long p = published;
    r.r2 = p == 0 ? -1 : MemoryFixtures.load(() -> memory.load64(p));
  }

  @Arbiter
  public void close() {
    memory.close();
  }
}

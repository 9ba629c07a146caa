package dev.vmm.stress.handles;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A stale handle resolved while its slot is freed and handed to a new object.
 *
 * <p>The state holds {@code h1 -> A}. One actor removes {@code h1} and at once inserts B, which
 * pops the slot just freed and publishes it under the next generation ({@code h2}: same index,
 * generation + 1). The other actor resolves {@code h1} meanwhile.
 *
 * <p>Result: r1 is the code of the remove (1 = returned A); r2 is 1 when the insert reused the
 * slot with the next generation (so the race really is on one slot); r3 is what {@code
 * resolve(h1)} returned: 1 = A, 0 = null, 2 = B, -1 = anything else.
 *
 * <p>Forbidden: {@code resolve(h1)} returning B. The generation exists to make a stale handle miss
 * the slot's next occupant; B would mean a lookup matched the old handle's state and then read
 * the object stored after that state was replaced (a use-after-free of the handle: the caller
 * holding the stale {@code h1} would act on someone else's object).
 */
@JCStressTest
@Description("stale handle resolve racing remove + re-insert into the same slot")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "resolve ran before the remove: A")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "resolve ran after the remove: null")
@Outcome(id = "1, 1, 2", expect = FORBIDDEN,
    desc = "the stale handle resolved to the slot's next occupant B")
@Outcome(expect = FORBIDDEN,
    desc = "remove missed A, the insert did not reuse the slot, or resolve returned a stranger")
@State
public class StaleHandleReuseTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object a = new Object();
  private final Object b = new Object();
  private final long h1 = table.insert(a);

  @Actor
  public void removeThenInsert(III_Result r) {
    r.r1 = Fixtures.code(table.remove(h1), a);
    long h2 = table.insert(b);
    r.r2 = HandleLayout.index(h2) == HandleLayout.index(h1)
        && HandleLayout.generation(h2) == HandleLayout.generation(h1) + 1 ? 1 : 0;
  }

  @Actor
  public void resolveStale(III_Result r) {
    Object got = table.resolve(h1);
    r.r3 = got == a ? 1 : got == null ? 0 : got == b ? 2 : -1;
  }
}

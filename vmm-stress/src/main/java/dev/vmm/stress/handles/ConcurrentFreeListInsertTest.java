package dev.vmm.stress.handles;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two inserts racing to pop the free stack.
 *
 * <p>The state inserts A, B, C (indexes 0, 1, 2) and removes A, then B, so the free stack holds
 * 1 on top of 0. Both actors insert; each must pop a different slot (the stack's CAS on a
 * versioned head lets only one popper take each top).
 *
 * <p>The arbiter checks: r1 = 1 when the two handles differ; r2 and r3 the {@link Fixtures#code
 * codes} of resolving each handle; r4 = 1 when the two took exactly the freed indexes 0 and 1, in
 * generation 2, C still resolves to C, and the removed handles of A and B resolve to null.
 *
 * <p>Forbidden: equal handles or the same index twice (both poppers took the same slot: two live
 * objects share a slot and one of them is silently replaced), a handle not resolving to its own
 * object, a fresh slot taken while freed ones were on the stack (a lost pop), or a stale handle
 * coming back to life.
 */
@JCStressTest
@Description("two inserts racing to pop the free stack")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "distinct freed slots popped, each resolves to its own object")
@Outcome(expect = FORBIDDEN,
    desc = "one slot popped twice, an object lost, a pop missed, or a stale handle revived")
@State
public class ConcurrentFreeListInsertTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] abc = Fixtures.objects(3);
  private final long[] handles = Fixtures.fill(table, abc);
  private final Object x = new Object();
  private final Object y = new Object();
  private long hx;
  private long hy;

  public ConcurrentFreeListInsertTest() {
    table.remove(handles[0]);
    table.remove(handles[1]);
  }

  @Actor
  public void insertX() {
    hx = table.insert(x);
  }

  @Actor
  public void insertY() {
    hy = table.insert(y);
  }

  @Arbiter
  public void check(IIII_Result r) {
    r.r1 = hx != hy ? 1 : 0;
    r.r2 = Fixtures.code(table.resolve(hx), x);
    r.r3 = Fixtures.code(table.resolve(hy), y);
    int ix = HandleLayout.index(hx);
    int iy = HandleLayout.index(hy);
    boolean reused = Math.min(ix, iy) == 0 && Math.max(ix, iy) == 1
        && HandleLayout.generation(hx) == 2 && HandleLayout.generation(hy) == 2;
    boolean others = table.resolve(handles[2]) == abc[2]
        && table.resolve(handles[0]) == null && table.resolve(handles[1]) == null;
    r.r4 = reused && others ? 1 : 0;
  }
}

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
 * Two inserts racing for never-used slots while both must grow the hierarchy.
 *
 * <p>The table (leaf size 2, fan-out 2) is filled to its reach at height 1 (4 objects), so both
 * inserts claim fresh slots from the high-water mark (indexes 4 and 5) and both race to publish a
 * new top, the new index table under it and the one new leaf the two indexes share: each CAS has
 * a loser that must adopt the winner's node.
 *
 * <p>The arbiter checks: r1 = 1 when the two handles differ; r2 and r3 the {@link Fixtures#code
 * codes} of resolving each handle (1 = its own object); r4 = 1 when the handles have indexes 4
 * and 5 and the four old handles still resolve to their objects.
 *
 * <p>Forbidden: equal handles (one slot handed out twice: two owners overwrite each other), a
 * handle resolving to null or another object (a loser stored its object in a node it then
 * discarded, so the object is lost), or old objects lost while the tree grew.
 */
@JCStressTest
@Description("two inserts racing for fresh slots, both growing the tree")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "distinct handles, each resolves to its own object")
@Outcome(expect = FORBIDDEN,
    desc = "a handle handed out twice, an object lost, or the old entries disturbed")
@State
public class ConcurrentFreshInsertTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] old = Fixtures.objects(Fixtures.reach(1));
  private final long[] oldHandles = Fixtures.fill(table, old);
  private final Object x = new Object();
  private final Object y = new Object();
  private long hx;
  private long hy;

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
    int fill = old.length;
    boolean fresh = Math.min(ix, iy) == fill && Math.max(ix, iy) == fill + 1;
    r.r4 = fresh && Fixtures.allResolve(table, oldHandles, old) == 1 ? 1 : 0;
  }
}

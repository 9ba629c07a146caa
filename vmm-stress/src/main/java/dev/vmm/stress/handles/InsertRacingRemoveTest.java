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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * An insert popping the free stack racing a remove pushing onto it.
 *
 * <p>The state inserts A, B, C (indexes 0, 1, 2) and removes A, so the free stack holds slot 0.
 * One actor removes B (pushes slot 1); the other inserts X (pops slot 0, or slot 1 if the push
 * came first: the stack is LIFO). r1 is the remove's {@link Fixtures#code code}; r2 the index X
 * got. The arbiter sets r3 = 1 when X and C resolve to their objects, the handles of A and B
 * resolve to null, and two more inserts Y, Z drain the stack correctly: X and Y hold slots 0 and
 * 1 (generation 2 each), Z the fresh slot 3, all five live handles distinct and resolving to
 * their own objects.
 *
 * <p>Forbidden: X in any slot but 0 or 1, the remove missing B, or a broken stack afterwards: a
 * slot handed out twice (two live objects in one slot), a freed slot lost (a fresh slot taken
 * while a freed one exists), or a live handle that no longer resolves to its object. Any of these
 * means the pop and the push corrupted the stack's links or head.
 */
@JCStressTest
@Description("insert popping the free stack racing remove pushing onto it")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the pop came first and took slot 0")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the push came first; the pop took slot 1")
@Outcome(expect = FORBIDDEN,
    desc = "remove missed, unexpected slot popped, or the free stack was corrupted")
@State
public class InsertRacingRemoveTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] abc = Fixtures.objects(3);
  private final long[] handles = Fixtures.fill(table, abc);
  private final Object x = new Object();
  private long hx;

  public InsertRacingRemoveTest() {
    table.remove(handles[0]);
  }

  @Actor
  public void removeB(III_Result r) {
    r.r1 = Fixtures.code(table.remove(handles[1]), abc[1]);
  }

  @Actor
  public void insertX(III_Result r) {
    hx = table.insert(x);
    r.r2 = HandleLayout.index(hx);
  }

  @Arbiter
  public void check(III_Result r) {
    boolean before = table.resolve(hx) == x && table.resolve(handles[2]) == abc[2]
        && table.resolve(handles[0]) == null && table.resolve(handles[1]) == null;
    Object y = new Object();
    Object z = new Object();
    long hy = table.insert(y);
    long hz = table.insert(z);
    long[] live = {hx, hy, hz, handles[2]};
    Object[] values = {x, y, z, abc[2]};
    int ix = HandleLayout.index(hx);
    int iy = HandleLayout.index(hy);
    boolean drained = Math.min(ix, iy) == 0 && Math.max(ix, iy) == 1
        && HandleLayout.generation(hx) == 2 && HandleLayout.generation(hy) == 2
        && HandleLayout.index(hz) == 3;
    r.r3 = before && drained && Fixtures.allResolve(table, live, values) == 1 ? 1 : 0;
  }
}

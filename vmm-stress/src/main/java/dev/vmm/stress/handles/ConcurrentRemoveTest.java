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
 * Two removes of different handles racing to push their slots onto the free stack.
 *
 * <p>The state inserts A, B, C (indexes 0, 1, 2). One actor removes A, the other B; r1 and r2 are
 * their {@link Fixtures#code codes}. The arbiter sets r3 = 1 when both handles resolve to null
 * and three more inserts X, Y, Z take slots 0 and 1 (in either order, generation 2) and then the
 * fresh slot 3, with C and all three new handles resolving to their own objects.
 *
 * <p>Forbidden: a remove missing its object, or a push lost to the other (a freed slot that no
 * insert ever gets again: the third insert would not get index 3, or only one of slots 0 and 1
 * would come back) or a slot pushed twice (handed out twice).
 */
@JCStressTest
@Description("two removes of different handles racing to push onto the free stack")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both slots freed and reused exactly once")
@Outcome(expect = FORBIDDEN, desc = "a remove missed its object, or a push was lost or doubled")
@State
public class ConcurrentRemoveTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] abc = Fixtures.objects(3);
  private final long[] handles = Fixtures.fill(table, abc);

  @Actor
  public void removeA(III_Result r) {
    r.r1 = Fixtures.code(table.remove(handles[0]), abc[0]);
  }

  @Actor
  public void removeB(III_Result r) {
    r.r2 = Fixtures.code(table.remove(handles[1]), abc[1]);
  }

  @Arbiter
  public void check(III_Result r) {
    boolean gone = table.resolve(handles[0]) == null && table.resolve(handles[1]) == null;
    Object[] values = {new Object(), new Object(), new Object(), abc[2]};
    long[] live = {table.insert(values[0]), table.insert(values[1]), table.insert(values[2]),
        handles[2]};
    int i0 = HandleLayout.index(live[0]);
    int i1 = HandleLayout.index(live[1]);
    boolean reused = Math.min(i0, i1) == 0 && Math.max(i0, i1) == 1
        && HandleLayout.generation(live[0]) == 2 && HandleLayout.generation(live[1]) == 2
        && HandleLayout.index(live[2]) == 3;
    r.r3 = gone && reused && Fixtures.allResolve(table, live, values) == 1 ? 1 : 0;
  }
}

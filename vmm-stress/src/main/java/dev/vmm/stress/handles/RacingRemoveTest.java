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
 * Two removes of the same handle racing.
 *
 * <p>The state holds {@code h -> A} (index 0) and a bystander P (index 1). Both actors call
 * {@code remove(h)}; r1 and r2 are their {@link Fixtures#code codes} (1 = got A, 0 = null). The
 * arbiter sets r3 = 1 when afterwards {@code h} resolves to null, the size is 1, and two more
 * inserts take index 0 (generation 2, the slot freed once) and then the fresh index 2, with
 * distinct handles that resolve to their objects.
 *
 * <p>Forbidden: both removes getting A (the object would be released twice, e.g. a device closed
 * twice) or neither getting it (the object leaks while its handle is dead); and a slot pushed on
 * the free stack twice or not at all, which the arbiter's two inserts expose (both would get index
 * 0, or the second insert would get another freed slot instead of index 2).
 */
@JCStressTest
@Description("two removes of one handle racing")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the first actor's remove won")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the second actor's remove won")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both removes returned the object")
@Outcome(expect = FORBIDDEN,
    desc = "no remove returned the object, or the slot was freed twice or not at all")
@State
public class RacingRemoveTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object a = new Object();
  private final long h = table.insert(a);
  private final Object bystander = new Object();
  private final long hp = table.insert(bystander);

  @Actor
  public void remove1(III_Result r) {
    r.r1 = Fixtures.code(table.remove(h), a);
  }

  @Actor
  public void remove2(III_Result r) {
    r.r2 = Fixtures.code(table.remove(h), a);
  }

  @Arbiter
  public void check(III_Result r) {
    boolean gone = table.resolve(h) == null && table.size() == 1
        && table.resolve(hp) == bystander;
    Object x = new Object();
    Object y = new Object();
    long hx = table.insert(x);
    long hy = table.insert(y);
    boolean reusedOnce = HandleLayout.index(hx) == HandleLayout.index(h)
        && HandleLayout.generation(hx) == HandleLayout.generation(h) + 1
        && HandleLayout.index(hy) == 2
        && table.resolve(hx) == x && table.resolve(hy) == y;
    r.r3 = gone && reusedOnce ? 1 : 0;
  }
}

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
 * A remove of a slot's next handle racing the remove and re-insert that issue it.
 *
 * <p>The state holds {@code h1 -> A} (index 0, generation 1). One actor removes {@code h1}, which
 * clears the object and pushes the slot, then inserts B, which pops that slot, reads the
 * generation from the freed state and publishes B under {@code h2} (index 0, generation 2). The
 * other actor calls {@code remove(h2)} meanwhile, knowing {@code h2} in advance (as a thread that
 * borrowed it an instant after its insert would), so its read of the object, its check of the
 * state and its CAS interleave with every step of the slot's reuse.
 *
 * <p>r1 is the code of {@code remove(h1)} (1 = A); r2 is 1 when B got {@code h2}; r3 is what
 * {@code remove(h2)} returned: 1 = B, 0 = null, 2 = A, -1 = anything else. The arbiter sets r4 = 1
 * when the slot's state agrees with r3: if the remove got B, {@code h2} resolves to null and the
 * next insert reuses index 0 in generation 3; if it got null, {@code h2} still resolves to B and
 * the next insert takes the fresh index 1.
 *
 * <p>Forbidden: {@code remove(h2)} returning A, the object of the slot's previous handle (the
 * "remove returned another object" of the concurrent model test: the value read before the CAS
 * was not the one published with {@code h2}), or a push overwriting the state the insert had
 * just made live, which the arbiter's check exposes.
 */
@JCStressTest
@Description("remove of a slot's next handle racing the remove + insert that issue it")
@Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE,
    desc = "remove(h2) ran before B was published: null, B stays")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "remove(h2) ran after B was published: B, the slot is freed again")
@Outcome(id = "1, 1, 2, .*", expect = FORBIDDEN,
    desc = "remove(h2) returned A, the object of the slot's previous handle")
@Outcome(expect = FORBIDDEN,
    desc = "the slot's reuse went wrong, or its state disagrees with what remove returned")
@State
public class ReissuedHandleRemoveTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object a = new Object();
  private final Object b = new Object();
  private final long h1 = table.insert(a);
  private final long h2 = HandleLayout.compose(
      HandleLayout.kind(h1), HandleLayout.tableId(h1), HandleLayout.generation(h1) + 1,
      HandleLayout.index(h1));

  @Actor
  public void removeThenInsert(IIII_Result r) {
    r.r1 = Fixtures.code(table.remove(h1), a);
    r.r2 = table.insert(b) == h2 ? 1 : 0;
  }

  @Actor
  public void removeNext(IIII_Result r) {
    Object got = table.remove(h2);
    r.r3 = got == b ? 1 : got == null ? 0 : got == a ? 2 : -1;
  }

  @Arbiter
  public void check(IIII_Result r) {
    Object c = new Object();
    long hc = table.insert(c);
    boolean agrees;
    if (r.r3 == 1) {
      agrees = table.resolve(h2) == null && HandleLayout.index(hc) == HandleLayout.index(h1)
          && HandleLayout.generation(hc) == HandleLayout.generation(h2) + 1;
    } else {
      agrees = table.resolve(h2) == b && HandleLayout.index(hc) == HandleLayout.index(h1) + 1;
    }
    r.r4 = agrees && table.resolve(hc) == c && table.resolve(h1) == null ? 1 : 0;
  }
}

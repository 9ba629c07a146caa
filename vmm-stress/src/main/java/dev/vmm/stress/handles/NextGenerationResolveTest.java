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
 * A forged handle of a slot's next generation resolved while the slot is freed and reissued.
 *
 * <p>The state holds {@code h1 -> A} (index 0, generation 1). One actor removes {@code h1} and at
 * once inserts B, which reuses the slot under {@code h2} (index 0, generation 2). The other actor
 * resolves {@code h2}, composed in advance as a guest can forge it from {@code h1}, so the lookup's
 * reads of the slot interleave with every step of the reuse.
 *
 * <p>r1 is the code of {@code remove(h1)} (1 = A); r2 is 1 when B got {@code h2}; r3 is what
 * {@code resolve(h2)} returned: 1 = B, 0 = null, 2 = A, -1 = anything else.
 *
 * <p>Forbidden: {@code resolve(h2)} returning A, the object of the slot's previous handle, which
 * {@code h2} never named. This is the mirror of {@link StaleHandleReuseTest}: a lookup that reads
 * the object first and checks the state once afterwards refuses a stale handle but can pair A,
 * read before the remove, with the state {@code h2} written after it; a lookup that checks the
 * state once before reading the object fails the stale test instead. Only a state check on both
 * sides of the object read passes both.
 */
@JCStressTest
@Description("forged next-generation handle resolve racing remove + re-insert into its slot")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "resolve ran before B was published: null")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "resolve ran after B was published: B")
@Outcome(id = "1, 1, 2", expect = FORBIDDEN,
    desc = "the forged next-generation handle resolved to the slot's previous object A")
@Outcome(expect = FORBIDDEN,
    desc = "remove missed A, the insert did not issue h2, or resolve returned a stranger")
@State
public class NextGenerationResolveTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object a = new Object();
  private final Object b = new Object();
  private final long h1 = table.insert(a);
  private final long h2 = HandleLayout.compose(
      HandleLayout.kind(h1), HandleLayout.tableId(h1), HandleLayout.generation(h1) + 1,
      HandleLayout.index(h1));

  @Actor
  public void removeThenInsert(III_Result r) {
    r.r1 = Fixtures.code(table.remove(h1), a);
    r.r2 = table.insert(b) == h2 ? 1 : 0;
  }

  @Actor
  public void resolveNext(III_Result r) {
    Object got = table.resolve(h2);
    r.r3 = got == b ? 1 : got == null ? 0 : got == a ? 2 : -1;
  }
}

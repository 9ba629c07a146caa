package dev.vmm.stress.handles;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import java.util.HashSet;
import java.util.Set;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The ABA case of the free-slot stack, whose links live in the free slots' state words.
 *
 * <p>The state inserts A, B, C (indexes 0, 1, 2). One actor removes B, then A, so its stack holds
 * 0 on top of 1; inserts P and Q, which pop 0 and 1; and removes P, which pushes 0 back: the stack
 * is again 0 on top, but now 1 is live (Q). The other actor inserts Z. Its own stack is empty, so
 * it pops the first actor's stack; a pop that read the head (top 0, next 1) before the first
 * actor's pops and compares-and-sets after the push would, with an unversioned head, succeed and
 * make the live slot 1 the top, so a later insert would get Q's slot. The version in the head
 * makes that CAS fail.
 *
 * <p>r1 is 1 when Z took a freed slot (index 0 or 1) rather than a fresh one. The arbiter then
 * inserts two more objects, which take the slot still free and then a fresh one, and sets r2 = 1
 * when the five live handles (C, Q, Z and the arbiter's two) have five distinct indexes, each
 * resolves to its own object, the size is five, and the handles of A, B and P resolve to null.
 *
 * <p>Forbidden: r2 = 0, a slot handed out twice (two live objects in one slot, the second
 * silently replacing the first) or an object lost.
 */
@JCStressTest
@Description("a pop racing pop, pop, push of the same top slot (ABA on the free stack)")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Z took a fresh slot; every slot held once")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Z took a freed slot; every slot held once")
@Outcome(expect = FORBIDDEN, desc = "a slot handed out twice or an object lost")
@State
public class FreeStackAbaTest {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] abc = Fixtures.objects(3);
  private final long[] handles = Fixtures.fill(table, abc);
  private final Object p = new Object();
  private final Object q = new Object();
  private final Object z = new Object();
  private long hp;
  private long hq;
  private long hz;

  @Actor
  public void popPopPush() {
    table.remove(handles[1]);
    table.remove(handles[0]);
    hp = table.insert(p);
    hq = table.insert(q);
    table.remove(hp);
  }

  @Actor
  public void pop() {
    hz = table.insert(z);
  }

  @Arbiter
  public void check(II_Result r) {
    r.r1 = HandleLayout.index(hz) < 2 ? 1 : 0;
    Object[] more = Fixtures.objects(2);
    long[] live = {handles[2], hq, hz, table.insert(more[0]), table.insert(more[1])};
    Object[] values = {abc[2], q, z, more[0], more[1]};
    Set<Integer> indexes = new HashSet<>();
    for (long handle : live) {
      indexes.add(HandleLayout.index(handle));
    }
    boolean dead = table.resolve(hp) == null && table.resolve(handles[0]) == null
        && table.resolve(handles[1]) == null;
    r.r2 = indexes.size() == live.length && Fixtures.allResolve(table, live, values) == 1
        && dead && table.size() == live.length ? 1 : 0;
  }
}

package dev.vmm.stress.handles;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Resolve racing the growth of a new level on top of the hierarchy.
 *
 * <p>The table (leaf size 2, fan-out 2) is filled with exactly {@code reach(2) = 2 * 2^2 = 8}
 * objects, so its top is two levels above the leaves and addresses no further index: the next
 * insert (index 8) must publish a new top, three levels high, whose first child is the old top.
 * While one actor does that insert, the other resolves the first (index 0) and the last (index 7)
 * handle inserted before, and the handle the insert is about to return.
 *
 * <p>Forbidden: an old handle resolving to null or to another object. Growth must be invisible to
 * readers (the new top reaches every old index through the same leaves), so such an outcome would
 * mean a reader saw a top without its children, or a walk took the wrong path through a new
 * level: live objects would "disappear" while the table grows. Also forbidden: the new handle
 * resolving to anything but its own object, or the insert returning another handle than the next
 * index in generation 1.
 */
@JCStressTest
@Description("resolve of old handles racing an insert that adds a level on top")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE,
    desc = "old handles resolve; the new handle is not published yet")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "old handles resolve; the new handle already resolves to its object")
@Outcome(expect = FORBIDDEN,
    desc = "an old handle lost its object, the new handle resolved to another object, "
        + "or the insert returned an unexpected handle")
@State
public class ResolveDuringNewLevelTest {
  private final GrowthRace race = new GrowthRace(Fixtures.reach(2));

  @Actor
  public void inserter(IIII_Result r) {
    race.insert(r);
  }

  @Actor
  public void resolver(IIII_Result r) {
    race.resolve(r);
  }
}

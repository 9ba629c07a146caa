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
 * Resolve racing the installation of a new leaf below an existing index table (no new level).
 *
 * <p>The table (leaf size 2, fan-out 2) holds 10 objects: its top is three levels high (reach 16)
 * and index 10 falls in a leaf that does not exist yet, whose parent index table (the one holding
 * the leaf of indexes 8 and 9) does. The insert must install that leaf by CAS into the parent; the
 * other actor resolves the first and last old handles and the handle being inserted.
 *
 * <p>Forbidden: an old handle resolving to null or another object (installing a child must not
 * disturb its siblings or the path to them), the new handle resolving to another object (a leaf
 * seen before its arrays are initialized, or an object seen without its handle's publication), or
 * the insert returning another handle than index 10, generation 1.
 */
@JCStressTest
@Description("resolve of old handles racing an insert that installs a new leaf")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE,
    desc = "old handles resolve; the new handle is not published yet")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE,
    desc = "old handles resolve; the new handle already resolves to its object")
@Outcome(expect = FORBIDDEN,
    desc = "an old handle lost its object, the new handle resolved to another object, "
        + "or the insert returned an unexpected handle")
@State
public class ResolveDuringNewLeafTest {
  /** Index 10 = digits 1,0,1 from the top: the height-1 table (1,0) exists, its child 1 not. */
  private final GrowthRace race = new GrowthRace(10);

  @Actor
  public void inserter(IIII_Result r) {
    race.insert(r);
  }

  @Actor
  public void resolver(IIII_Result r) {
    race.resolve(r);
  }
}

package dev.vmm.stress.handles;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The state and the two actors shared by the resolve-during-growth tests: a {@link
 * Fixtures#growingTable} filled with {@code fill} objects, one more insert, and a resolver of the
 * handles that were there before.
 *
 * <p>Result fields: r1 is 1 when the insert returned the predicted handle (next index, generation
 * 1) and that handle resolves to its object in the inserting thread; r2 and r3 are the {@link
 * Fixtures#code codes} of resolving the first and the last handle inserted before; r4 is the code
 * of resolving the predicted handle, which may or may not be published yet.
 */
final class GrowthRace {
  private final HandleTable<Object> table = Fixtures.growingTable();
  private final Object[] values;
  private final long[] handles;
  private final Object inserted = new Object();
  private final long predicted;

  GrowthRace(int fill) {
    values = Fixtures.objects(fill);
    handles = Fixtures.fill(table, values);
    predicted = HandleLayout.compose(HandleLayout.kind(handles[0]), table.tableId(), 1, fill);
  }

  void insert(IIII_Result r) {
    long handle = table.insert(inserted);
    r.r1 = handle == predicted && table.resolve(handle) == inserted ? 1 : 0;
  }

  void resolve(IIII_Result r) {
    int last = handles.length - 1;
    r.r2 = Fixtures.code(table.resolve(handles[0]), values[0]);
    r.r3 = Fixtures.code(table.resolve(handles[last]), values[last]);
    r.r4 = Fixtures.code(table.resolve(predicted), inserted);
  }
}

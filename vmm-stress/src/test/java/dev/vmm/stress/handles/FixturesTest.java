package dev.vmm.stress.handles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Checks the premises the stress tests' arithmetic rests on, single-threaded: where a table of leaf
 * size 2 and fan-out 2 grows a level, and which slots inserts after removes reuse.
 */
class FixturesTest {
  /** The table's package-private height(), read by reflection: it is no API. */
  private static int height(HandleTable<Object> table) throws ReflectiveOperationException {
    for (Class<?> c = table.getClass(); c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals("height") && m.getParameterCount() == 0) {
          m.setAccessible(true);
          return (int) m.invoke(table);
        }
      }
    }
    throw new NoSuchMethodException("height() in the class hierarchy of " + table.getClass());
  }

  @Test
  void reachIsLeafSizeTimesFanOutToTheHeight() throws ReflectiveOperationException {
    HandleTable<Object> table = Fixtures.growingTable();
    assertThat(height(table)).isZero();
    for (int height = 0; height <= 4; height++) {
      int reach = Fixtures.reach(height);
      assertThat(reach).isEqualTo(2 << height);
      while (table.size() < reach) {
        table.insert(new Object());
      }
      assertThat(height(table)).as("height once filled to reach(%d) = %d", height, reach)
          .isEqualTo(height);
    }
  }

  @Test
  void theInsertAfterFillingToTheReachAddsALevel() throws ReflectiveOperationException {
    HandleTable<Object> table = Fixtures.growingTable();
    Fixtures.fill(table, Fixtures.objects(Fixtures.reach(2)));
    assertThat(height(table)).isEqualTo(2);

    long handle = table.insert(new Object());

    assertThat(HandleLayout.index(handle)).isEqualTo(8);
    assertThat(height(table)).isEqualTo(3);
  }

  @Test
  void theEleventhInsertNeedsALeafButNoLevel() throws ReflectiveOperationException {
    HandleTable<Object> table = Fixtures.growingTable();
    Fixtures.fill(table, Fixtures.objects(10));
    assertThat(height(table)).isEqualTo(3);

    long handle = table.insert(new Object());

    assertThat(HandleLayout.index(handle)).isEqualTo(10);
    assertThat(height(table)).isEqualTo(3);
  }

  @Test
  void removedSlotsAreReusedLastInFirstOutWithTheNextGeneration() {
    HandleTable<Object> table = Fixtures.growingTable();
    long[] handles = Fixtures.fill(table, Fixtures.objects(3));
    table.remove(handles[0]);
    table.remove(handles[1]);

    long first = table.insert(new Object());
    long second = table.insert(new Object());
    long third = table.insert(new Object());

    assertThat(HandleLayout.index(first)).isEqualTo(1);
    assertThat(HandleLayout.index(second)).isZero();
    assertThat(HandleLayout.generation(first)).isEqualTo(2);
    assertThat(HandleLayout.generation(second)).isEqualTo(2);
    assertThat(HandleLayout.index(third)).isEqualTo(3);
  }

  @Test
  void codeTellsOwnFromNoneFromOther() {
    Object own = new Object();
    assertThat(Fixtures.code(own, own)).isEqualTo(Fixtures.OWN);
    assertThat(Fixtures.code(null, own)).isEqualTo(Fixtures.NONE);
    assertThat(Fixtures.code(new Object(), own)).isEqualTo(Fixtures.OTHER);
  }
}

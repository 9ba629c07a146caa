package dev.vmm.bench.handles;

import dev.vmm.handles.HandleTable;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures what a structure costs per live entry beyond the objects it holds: the retained size of
 * the structure's object graph, less the held objects, divided by the entry count. A program, not
 * a JMH benchmark: sizes do not vary between runs.
 *
 * <pre>java -cp vmm-bench/target/benchmarks.jar dev.vmm.bench.handles.HandleFootprint [entries...]</pre>
 */
public final class HandleFootprint {
  private HandleFootprint() {}

  /**
   * Prints bytes per entry for the handle table and for a {@code ConcurrentHashMap<Long, T>}.
   *
   * @param args entry counts; default 1024 and 1048576
   */
  public static void main(String[] args) {
    // JOL's default field-offset probe refuses records (the table's geometry is one).
    System.setProperty("jol.magicFieldOffset", "true");
    int[] counts = args.length == 0
        ? new int[] {1024, 1 << 20}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf("%-28s %10s %14s %14s%n", "structure", "entries", "total bytes", "bytes/entry");
    for (int count : counts) {
      Object[] values = new Object[count];
      for (int i = 0; i < count; i++) {
        values[i] = new LiveHandles.Payload(i);
      }
      long heldBytes = GraphLayout.parseInstance(values[0]).totalSize() * count;

      HandleTable<Object> table = HandleTable.builder().build();
      ConcurrentHashMap<Long, Object> map = new ConcurrentHashMap<>();
      for (int i = 0; i < count; i++) {
        long handle = table.insert(values[i]);
        map.put(handle, values[i]);
      }
      report("HandleTable", count, GraphLayout.parseInstance(table).totalSize() - heldBytes);
      report("ConcurrentHashMap<Long,T>", count, GraphLayout.parseInstance(map).totalSize() - heldBytes);
    }
  }

  private static void report(String name, int count, long bytes) {
    System.out.printf("%-28s %10d %14d %14.2f%n", name, count, bytes, (double) bytes / count);
  }
}

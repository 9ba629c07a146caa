package dev.vmm.bench.handles;

import dev.vmm.handles.HandleLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ScratchBenchmark {
  static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
  static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);
  long[] states; Object[] values;
  long[][] leafStates; Object[][] leafValues;

  @Setup public void setup(LiveHandles s) {
    states = new long[s.live]; values = new Object[s.live];
    leafStates = new long[s.live / 1024 + 1][]; leafValues = new Object[s.live / 1024 + 1][];
    for (int i = 0; i < leafStates.length; i++) { leafStates[i] = new long[1024]; leafValues[i] = new Object[1024]; }
    for (long h : s.handles) { int i = HandleLayout.index(h); states[i] = h; values[i] = s.plainArray[i];
      leafStates[i >>> 10][i & 1023] = h; leafValues[i >>> 10][i & 1023] = s.plainArray[i]; }
  }

  @Benchmark @OperationsPerInvocation(1024)
  public int flatSeqlock(LiveHandles s, HandleResolveBenchmark.Cursor c) {
    long[] handles = s.handles; int mask = handles.length - 1; int start = c.next(mask); int hits = 0;
    for (int i = 0; i < 1024; i++) {
      long h = handles[(start + i) & mask];
      int idx = (int) h & HandleLayout.MAX_INDEX;
      if ((long) STATES.getAcquire(states, idx) != h) continue;
      Object v = VALUES.getAcquire(values, idx);
      if ((long) STATES.getAcquire(states, idx) == h && v != null) hits++;
    }
    return hits;
  }

  @Benchmark @OperationsPerInvocation(1024)
  public int flatPlain(LiveHandles s, HandleResolveBenchmark.Cursor c) {
    long[] handles = s.handles; int mask = handles.length - 1; int start = c.next(mask); int hits = 0;
    for (int i = 0; i < 1024; i++) {
      long h = handles[(start + i) & mask];
      int idx = (int) h & HandleLayout.MAX_INDEX;
      if (states[idx] != h) continue;
      Object v = values[idx];
      if (states[idx] == h && v != null) hits++;
    }
    return hits;
  }

  @Benchmark @OperationsPerInvocation(1024)
  public int twoLevelPlain(LiveHandles s, HandleResolveBenchmark.Cursor c) {
    long[] handles = s.handles; int mask = handles.length - 1; int start = c.next(mask); int hits = 0;
    for (int i = 0; i < 1024; i++) {
      long h = handles[(start + i) & mask];
      int idx = (int) h & HandleLayout.MAX_INDEX;
      long[] st = leafStates[idx >>> 10];
      if (st[idx & 1023] != h) continue;
      Object v = leafValues[idx >>> 10][idx & 1023];
      if (st[idx & 1023] == h && v != null) hits++;
    }
    return hits;
  }
}

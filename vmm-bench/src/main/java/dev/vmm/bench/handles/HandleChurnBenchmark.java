package dev.vmm.bench.handles;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An insert followed by a remove of the same entry, on top of {@link LiveHandles#live} entries
 * that stay, against a {@code ConcurrentHashMap<Long, T>} put+remove whose keys come from an
 * {@code AtomicLong} (what a user of a map must do to mint ids) and JCTools'
 * {@code NonBlockingHashMapLong}. Scores are pairs per microsecond.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class HandleChurnBenchmark {
  private static final LiveHandles.Payload VALUE = new LiveHandles.Payload(-1);

  /** Key source for the map peers, starting far from any handle value. */
  @State(Scope.Benchmark)
  public static class Keys {
    final AtomicLong next = new AtomicLong(1);
  }

  /** The handle table: insert mints the handle, remove retires it. */
  @Benchmark
  public Object handleTable(LiveHandles s) {
    long handle = s.table.insert(LiveHandles.PAYLOAD, VALUE);
    return s.table.remove(handle);
  }

  /** Peer: {@code ConcurrentHashMap} put then remove under a fresh key. */
  @Benchmark
  public Object concurrentHashMap(LiveHandles s, Keys keys) {
    Long key = keys.next.getAndIncrement();
    s.concurrentHashMap.put(key, VALUE);
    return s.concurrentHashMap.remove(key);
  }

  /** Peer: JCTools {@code NonBlockingHashMapLong} put then remove under a fresh key. */
  @Benchmark
  public Object nonBlockingHashMapLong(LiveHandles s, Keys keys) {
    long key = keys.next.getAndIncrement();
    s.nonBlockingHashMap.put(key, VALUE);
    return s.nonBlockingHashMap.remove(key);
  }
}

package dev.vmm.bench.handles;

import dev.vmm.bench.BatchCursor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resolving a live handle, against the lookups a user would otherwise pick: a
 * {@code ConcurrentHashMap<Long, T>} and JCTools' {@code NonBlockingHashMapLong} keyed by the
 * handle, and an {@code AtomicReferenceArray} ({@code getAcquire}) or plain array read at the
 * handle's index, which is the floor: no validation, no growth, no generations.
 *
 * <p>{@code validatedFlatArrays} is the floor for a table that does validate: a flat
 * {@code long[]} of states and {@code Object[]} of objects (12 bytes per slot, as in the table)
 * with no hierarchy, and one state compare per lookup (see {@link ValidatedFlatArrays}). The gap
 * from the array reads to it is the price of validation in 12 bytes per slot; the gap from it to
 * {@code handleTable} is the price of the hierarchy that lets the table grow (and of the second
 * state read that refuses a forged next-generation handle racing a reissue of its slot).
 *
 * <p>Each invocation resolves {@value #BATCH} handles in a shuffled order (random access) starting
 * at a per-thread position, and counts the hits, so the result depends on every load without a
 * {@code Blackhole} call per lookup. Scores are per lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class HandleResolveBenchmark {
  static final int BATCH = BatchCursor.BATCH;

  /** The handle table, untyped lookup. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int handleTable(LiveHandles s, BatchCursor c) {
    long[] handles = s.handles;
    int mask = handles.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.table.resolve(handles[(start + i) & mask]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * The handle table, typed lookup: what a hypercall does. The result is kept as {@code Object} so
   * that no cast to the kind's class dereferences the object, which the peers do not do either.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int handleTableTyped(LiveHandles s, BatchCursor c) {
    long[] handles = s.handles;
    int mask = handles.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      Object p = s.table.resolve(LiveHandles.PAYLOAD, handles[(start + i) & mask]);
      if (p != null) {
        hits++;
      }
    }
    return hits;
  }

  /** Peer: {@code ConcurrentHashMap<Long, T>.get} with keys boxed in advance. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int concurrentHashMap(LiveHandles s, BatchCursor c) {
    Long[] keys = s.boxedHandles;
    int mask = keys.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.concurrentHashMap.get(keys[(start + i) & mask]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** Peer: JCTools {@code NonBlockingHashMapLong.get}. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int nonBlockingHashMapLong(LiveHandles s, BatchCursor c) {
    long[] handles = s.handles;
    int mask = handles.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.nonBlockingHashMap.get(handles[(start + i) & mask]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** Floor: {@code AtomicReferenceArray.getAcquire} at the handle's index. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int atomicReferenceArray(LiveHandles s, BatchCursor c) {
    int[] indexes = s.indexes;
    int mask = indexes.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.atomicArray.getAcquire(indexes[(start + i) & mask]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * Floor for a validating table: flat states and objects arrays, one state compare, no
   * hierarchy.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int validatedFlatArrays(LiveHandles s, BatchCursor c) {
    long[] handles = s.handles;
    int mask = handles.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.validatedFlatArrays.get(handles[(start + i) & mask]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** Floor: a plain array read at the handle's index. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int plainArray(LiveHandles s, BatchCursor c) {
    int[] indexes = s.indexes;
    int mask = indexes.length - 1;
    int start = c.next();
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (s.plainArray[indexes[(start + i) & mask]] != null) {
        hits++;
      }
    }
    return hits;
  }
}

package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several threads insert, resolve and remove at random, sharing handles, against a model of
 * concurrent maps: every handle is issued once, resolves only to its own object, is removed by at
 * most one thread and never resolves again after. The thread interleaving is not replayable, but
 * each thread's operation sequence is: the seed is in every failure message.
 */
class HandleTableConcurrentModelTest {
  private static final int THREADS = 4;
  private static final int OPERATIONS_PER_THREAD = 1_000_000;

  @ParameterizedTest
  @ValueSource(longs = {0x1234_5678L, 0xCAFE_F00DL})
  void concurrentOperationsAgreeWithTheModel(long seed) throws Exception {
    // Small leaves and fan-out so the hierarchy grows many levels while the threads run.
    HandleTable<Object> table = HandleTable.builder().leafSize(4).fanOut(4).capacity(1 << 16).build();
    Map<Long, Object> issued = new ConcurrentHashMap<>();
    Map<Long, Object> live = new ConcurrentHashMap<>();
    Map<Long, Boolean> dead = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long threadSeed = seed * 31 + t;
        workers.add(pool.submit(() -> {
          start.await();
          run(table, issued, live, dead, new SplittableRandom(threadSeed),
              "seed " + seed + " thread seed " + threadSeed);
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<Long, Object> seen = new HashMap<>();
    table.forEach(seen::put);
    assertThat(seen).as("seed %d: table contents", seed).isEqualTo(live);
    assertThat(table.size()).as("seed %d", seed).isEqualTo(live.size());
    dead.keySet().forEach(h -> assertThat(table.resolve(h)).as("seed %d", seed).isNull());
  }

  /**
   * Threads that each hold at most one handle of a table with one slot more than there are
   * threads: some slot is always free, so insert must never report the table full, even while
   * the free-slot stacks it searches one after another change under it. Each round uses a fresh
   * table and fewer inserts than a slot has generations, so no slot retires.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void insertNeverReportsFullWhileASlotIsFree(int threads) throws Exception {
    int pairsPerThread = (HandleLayout.MAX_GENERATION - 1) / threads;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 3; round++) {
        HandleTable<Object> table = HandleTable.builder().capacity(threads + 1).build();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(pool.submit(() -> {
            start.await();
            Object mine = new Object();
            for (int i = 0; i < pairsPerThread; i++) {
              long handle = table.insert(mine);
              assertThat(table.remove(handle)).isSameAs(mine);
            }
            return null;
          }));
        }
        for (Future<?> worker : workers) {
          worker.get(2, TimeUnit.MINUTES);
        }
        assertThat(table.size()).as("round %d", round).isZero();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void run(
      HandleTable<Object> table, Map<Long, Object> issued, Map<Long, Object> live,
      Map<Long, Boolean> dead, SplittableRandom random, String context) {
    List<Long> known = new ArrayList<>();
    for (int step = 0; step < OPERATIONS_PER_THREAD; step++) {
      String at = context + " step " + step;
      int op = random.nextInt(10);
      if (known.isEmpty() || (op < 3 && known.size() < 2000)) {
        Object value = new Object();
        long handle = table.insert(value);
        // Into the live model before the handle becomes visible to other threads through
        // `issued`: a thread that borrows it and removes it must find it live in the model.
        assertThat(live.put(handle, value)).as(at + ": handle issued twice").isNull();
        assertThat(issued.putIfAbsent(handle, value)).as(at + ": handle reissued").isNull();
        known.add(handle);
      } else if (op < 6) {
        int i = random.nextInt(known.size());
        long handle = known.get(i);
        Object removed = table.remove(handle);
        if (removed != null) {
          assertThat(removed).as(at + ": remove returned another object").isSameAs(issued.get(handle));
          assertThat(live.remove(handle, removed)).as(at + ": removed twice").isTrue();
          dead.put(handle, Boolean.TRUE);
        }
        // Removed now, by this thread or another: either way the handle is dead.
        known.set(i, known.getLast());
        known.removeLast();
      } else if (op < 9) {
        long handle = known.get(random.nextInt(known.size()));
        Object value = table.resolve(handle);
        if (value != null) {
          assertThat(value).as(at + ": resolved to another object").isSameAs(issued.get(handle));
        }
      } else {
        // Borrow a handle another thread issued, so removes race and stale handles get resolved.
        Long other = anyDead(dead, random);
        if (other != null) {
          assertThat(table.resolve(other)).as(at + ": dead handle resolved").isNull();
        }
        issued.keySet().stream().skip(random.nextInt(Math.max(1, Math.min(issued.size(), 64))))
            .findFirst().ifPresent(known::add);
      }
    }
  }

  private static Long anyDead(Map<Long, Boolean> dead, SplittableRandom random) {
    return dead.keySet().stream().skip(random.nextInt(Math.max(1, Math.min(dead.size(), 64))))
        .findFirst().orElse(null);
  }
}

package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several threads insert, resolve and remove at random, sharing handles, against a model of
 * concurrent maps: every handle is issued once, is held by one object at a time, resolves only to
 * its own object, is removed by at most one thread and never resolves again after. The thread
 * interleaving is not replayable, but each thread's operation sequence is: the seed is in every
 * failure message, and a failure names the objects involved and the handles they were inserted
 * under. Every thread's failure is reported, not only the first thread's: a duplicate handle
 * shows in one thread as a wrong object and in another as a handle issued twice.
 */
class HandleTableConcurrentModelTest {
  /** Split evenly between the threads, so more threads contend more without running longer. */
  private static final int OPERATIONS = 4_000_000;

  @ParameterizedTest(name = "seed {0}, {1} threads")
  @CsvSource({"305419896, 4", "3405705229, 4", "3405705229, 8"})
  void concurrentOperationsAgreeWithTheModel(long seed, int threads) throws Exception {
    // Small leaves and fan-out so the hierarchy grows many levels while the threads run.
    HandleTable<Object> table =
        HandleTable.builder().leafSize(4).fanOut(4).capacity(1 << 16).build();
    Model model = new Model();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = seed * 31 + t;
        workers.add(pool.submit(() -> {
          start.await();
          run(table, model, OPERATIONS / threads, new SplittableRandom(threadSeed),
              "seed " + seed + " thread seed " + threadSeed);
          return null;
        }));
      }
      assertAllSucceeded(workers, "seed " + seed);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<Long, Object> seen = new HashMap<>();
    table.forEach(seen::put);
    assertThat(seen).as("seed %d: table contents", seed).isEqualTo(model.live);
    assertThat(table.size()).as("seed %d", seed).isEqualTo(model.live.size());
    model.dead.keySet().forEach(h -> assertThat(table.resolve(h)).as("seed %d", seed).isNull());
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

  /** Waits for every worker; fails with all their failures, the first as the cause. */
  private static void assertAllSucceeded(List<Future<?>> workers, String context)
      throws InterruptedException, TimeoutException {
    List<Throwable> failures = new ArrayList<>();
    for (Future<?> worker : workers) {
      try {
        worker.get(2, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    if (!failures.isEmpty()) {
      StringBuilder messages = new StringBuilder(context + ": " + failures.size() + " of "
          + workers.size() + " threads failed:");
      failures.forEach(f -> messages.append(System.lineSeparator()).append(f.getMessage()));
      AssertionError error = new AssertionError(messages.toString(), failures.getFirst());
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }

  private static void run(
      HandleTable<Object> table, Model model, int operations, SplittableRandom random,
      String context) {
    List<Long> known = new ArrayList<>();
    for (int step = 0; step < operations; step++) {
      String at = context + " step " + step;
      int op = random.nextInt(10);
      if (known.isEmpty() || (op < 3 && known.size() < 2000)) {
        Object value = new Object();
        long handle = table.insert(value);
        model.inserted(handle, value, at);
        known.add(handle);
      } else if (op < 6) {
        int i = random.nextInt(known.size());
        long handle = known.get(i);
        Object removed = table.remove(handle);
        if (removed != null) {
          model.removed(handle, removed, at);
        }
        // Removed now, by this thread or another: either way the handle is dead.
        known.set(i, known.getLast());
        known.removeLast();
      } else if (op < 9) {
        long handle = known.get(random.nextInt(known.size()));
        Object value = table.resolve(handle);
        if (value != null) {
          model.resolved(handle, value, at);
        }
      } else {
        // Borrow a handle another thread issued, so removes race and stale handles get resolved.
        Long other = model.anyDead(random);
        if (other != null) {
          assertThat(table.resolve(other)).as(at + ": dead handle resolved").isNull();
        }
        model.anyIssued(random).ifPresent(known::add);
      }
    }
  }

  /** What the table should hold, shared by the threads. */
  private static final class Model {
    final Map<Long, Object> issued = new ConcurrentHashMap<>();
    final Map<Long, Object> live = new ConcurrentHashMap<>();
    final Map<Long, Boolean> dead = new ConcurrentHashMap<>();
    /** The handle each object was inserted under; an object's equality is its identity. */
    final Map<Object, Long> insertedUnder = new ConcurrentHashMap<>();

    /**
     * Records a handle just returned by insert, into the live model before the handle becomes
     * visible to other threads through {@code issued}: a thread that borrows it and removes it
     * must find it live in the model.
     */
    void inserted(long handle, Object value, String at) {
      insertedUnder.put(value, handle);
      Object holder = live.putIfAbsent(handle, value);
      assertThat(holder).as(() -> String.format(
          "%s: handle %s issued twice while live, to %s and now to %s",
          at, HandleLayout.describe(handle), describe(holder), describe(value))).isNull();
      Object earlier = issued.putIfAbsent(handle, value);
      assertThat(earlier).as(() -> String.format(
          "%s: handle %s reissued: first to %s, now to %s",
          at, HandleLayout.describe(handle), describe(earlier), describe(value))).isNull();
    }

    void removed(long handle, Object removed, String at) {
      Object own = issued.get(handle);
      assertThat(removed).as(() -> String.format(
          "%s: remove of %s returned %s, not its own %s",
          at, HandleLayout.describe(handle), describe(removed), describe(own))).isSameAs(own);
      assertThat(live.remove(handle, removed)).as(at + ": removed twice").isTrue();
      dead.put(handle, Boolean.TRUE);
    }

    void resolved(long handle, Object value, String at) {
      Object own = issued.get(handle);
      assertThat(value).as(() -> String.format(
          "%s: resolve of %s returned %s, not its own %s",
          at, HandleLayout.describe(handle), describe(value), describe(own))).isSameAs(own);
    }

    Long anyDead(SplittableRandom random) {
      return any(dead.keySet(), random).orElse(null);
    }

    Optional<Long> anyIssued(SplittableRandom random) {
      return any(issued.keySet(), random);
    }

    /** An object's identity and the handle it was inserted under. */
    private String describe(Object value) {
      if (value == null) {
        return "null";
      }
      Long handle = insertedUnder.get(value);
      return Objects.toIdentityString(value) + " (inserted under "
          + (handle == null ? "no handle" : HandleLayout.describe(handle)) + ")";
    }

    private static Optional<Long> any(Set<Long> handles, SplittableRandom random) {
      return handles.stream().skip(random.nextInt(Math.max(1, Math.min(handles.size(), 64))))
          .findFirst();
    }
  }
}

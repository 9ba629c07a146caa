package dev.vmm.bench.handles;

import dev.vmm.handles.HandleKind;
import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.HandleTable;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jctools.maps.NonBlockingHashMapLong;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The same live objects in a handle table and in each peer, and one lookup order for all: the
 * handles in shuffled order, with the matching boxed keys and array indexes, so every structure is
 * asked for the same objects in the same sequence.
 */
@State(Scope.Benchmark)
public class LiveHandles {
  /** The kind the typed lookups use. */
  public static final HandleKind<Payload> PAYLOAD = HandleKind.of(1, "payload", Payload.class);

  /** What the structures hold. */
  public static final class Payload {
    final int id;

    Payload(int id) {
      this.id = id;
    }
  }

  /** Live entries; a power of two, so lookups wrap with a mask. */
  @Param({"1024", "1048576"})
  public int live;

  HandleTable<Object> table;
  ConcurrentHashMap<Long, Object> concurrentHashMap;
  NonBlockingHashMapLong<Object> nonBlockingHashMap;
  AtomicReferenceArray<Object> atomicArray;
  Object[] plainArray;
  ValidatedFlatArrays validatedFlatArrays;

  /** Handles in lookup order. */
  long[] handles;
  /** The same handles, boxed once, for the map peers. */
  Long[] boxedHandles;
  /** The index inside each handle, for the array peers. */
  int[] indexes;

  /** Fills every structure with the same objects. */
  @Setup(Level.Trial)
  public void fill() {
    table = HandleTable.builder().build();
    concurrentHashMap = new ConcurrentHashMap<>();
    nonBlockingHashMap = new NonBlockingHashMapLong<>();
    atomicArray = new AtomicReferenceArray<>(live);
    plainArray = new Object[live];
    validatedFlatArrays = new ValidatedFlatArrays(live);
    handles = new long[live];
    for (int i = 0; i < live; i++) {
      Payload payload = new Payload(i);
      long handle = table.insert(PAYLOAD, payload);
      handles[i] = handle;
      concurrentHashMap.put(handle, payload);
      nonBlockingHashMap.put(handle, payload);
      atomicArray.set(HandleLayout.index(handle), payload);
      plainArray[HandleLayout.index(handle)] = payload;
      validatedFlatArrays.put(handle, payload);
    }
    shuffle(handles, new SplittableRandom(42));
    boxedHandles = new Long[live];
    indexes = new int[live];
    for (int i = 0; i < live; i++) {
      boxedHandles[i] = handles[i];
      indexes[i] = HandleLayout.index(handles[i]);
    }
  }

  private static void shuffle(long[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}

package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vmm.handles.InvalidHandleException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random operation sequences against a map model, one thread. Each sequence is replayable from the
 * seed printed in any failure.
 */
class HandleTableModelTest {
  static final HandleKind<String> NAME = HandleKind.of(1, "name", String.class);
  static final HandleKind<Integer> NUMBER = HandleKind.of(2, "number", Integer.class);

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> 0x9E37_79B9_7F4A_7C15L * (i + 1));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void tableAgreesWithAMapModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int capacity = 1 + random.nextInt(200);
    HandleTable<Object> table = HandleTable.builder()
        .leafSize(1 << random.nextInt(1, 5))
        .fanOut(1 << random.nextInt(1, 4))
        .capacity(capacity)
        .tableId(3)
        .build();
    Map<Long, Object> model = new LinkedHashMap<>();
    Map<Long, Object> removed = new HashMap<>();
    List<Long> everIssued = new ArrayList<>();
    String context = "seed " + seed + " (capacity " + capacity + ")";

    for (int step = 0; step < 2000; step++) {
      String at = context + " step " + step;
      switch (random.nextInt(8)) {
        case 0, 1 -> insert(table, model, everIssued, random, capacity, at);
        case 2 -> {
          if (!model.isEmpty()) {
            long handle = pick(new ArrayList<>(model.keySet()), random);
            assertThat(table.remove(handle)).as(at).isSameAs(model.get(handle));
            removed.put(handle, model.remove(handle));
          }
        }
        case 3 -> {
          if (!everIssued.isEmpty()) {
            long handle = pick(everIssued, random);
            Object expected = model.get(handle);
            assertThat(table.resolve(handle)).as(at).isSameAs(expected);
            if (expected == null) {
              InvalidHandleException e = catchThrowableOfType(
                  InvalidHandleException.class, () -> table.resolveOrThrow(handle));
              assertThat(e).as(at).isNotNull();
              assertThat(e.reason()).as(at).isEqualTo(Reason.FREED);
            }
          }
        }
        case 4 -> {
          if (!removed.isEmpty()) {
            long stale = pick(new ArrayList<>(removed.keySet()), random);
            assertThat(table.remove(stale)).as(at).isNull();
          }
        }
        case 5 -> {
          long value = random.nextLong();
          if (!model.containsKey(value)) {
            assertThat(table.resolve(value)).as(at + " value " + HandleLayout.describe(value))
                .isNull();
          }
        }
        case 6 -> checkKinds(table, model, at);
        default -> checkIteration(table, model, at);
      }
    }
    checkIteration(table, model, context + " at the end");
  }

  private static void insert(
      HandleTable<Object> table, Map<Long, Object> model, List<Long> everIssued,
      SplittableRandom random, int capacity, String at) {
    Object value = switch (random.nextInt(3)) {
      case 0 -> "s" + random.nextInt();
      case 1 -> random.nextInt();
      default -> new Object();
    };
    if (model.size() == capacity) {
      assertThat(catchThrowableOfType(HandleTableFullException.class, () -> table.insert(value)))
          .as(at).isNotNull();
      return;
    }
    long handle = switch (value) {
      case String s -> table.insert(NAME, s);
      case Integer n -> table.insert(NUMBER, n);
      default -> table.insert(value);
    };
    assertThat(handle).as(at).isPositive();
    assertThat(model).as(at + ": handle issued twice").doesNotContainKey(handle);
    assertThat(everIssued).as(at + ": handle reissued after remove").doesNotContain(handle);
    model.put(handle, value);
    everIssued.add(handle);
  }

  private static void checkKinds(HandleTable<Object> table, Map<Long, Object> model, String at) {
    model.forEach((handle, value) -> {
      assertThat(table.resolve(NAME, handle)).as(at).isSameAs(value instanceof String ? value : null);
      assertThat(table.resolve(NUMBER, handle)).as(at)
          .isSameAs(value instanceof Integer ? value : null);
    });
  }

  private static void checkIteration(HandleTable<Object> table, Map<Long, Object> model, String at) {
    Map<Long, Object> seen = new HashMap<>();
    table.forEach((handle, value) -> assertThat(seen.put(handle, value)).as(at).isNull());
    assertThat(seen).as(at).isEqualTo(model);
    assertThat(table.size()).as(at).isEqualTo(model.size());
  }

  private static long pick(List<Long> handles, SplittableRandom random) {
    return handles.get(random.nextInt(handles.size()));
  }
}

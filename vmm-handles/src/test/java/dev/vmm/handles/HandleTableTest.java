package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vmm.handles.InvalidHandleException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandleTableTest {
  record Guest(String name) {}

  record Channel(int id) {}

  static final HandleKind<Guest> GUEST = HandleKind.of(1, "guest", Guest.class);
  static final HandleKind<Channel> CHANNEL = HandleKind.of(2, "channel", Channel.class);

  private final HandleTable<Object> table = HandleTable.builder().tableId(7).build();

  @Nested
  class InsertThenResolve {
    @Test
    void handleResolvesToTheObjectInserted() {
      Object value = new Object();

      long handle = table.insert(value);

      assertThat(table.resolve(handle)).isSameAs(value);
      assertThat(table.resolveOrThrow(handle)).isSameAs(value);
    }

    @Test
    void handlesAreNeverZeroAndCarryTheTableId() {
      for (int i = 0; i < 3000; i++) {
        long handle = table.insert(i);
        assertThat(handle).isPositive();
        assertThat(HandleLayout.tableId(handle)).isEqualTo(7);
        assertThat(HandleLayout.generation(handle)).isEqualTo(1);
        assertThat(HandleLayout.index(handle)).isEqualTo(i);
      }
    }

    @Test
    void nullIsRefused() {
      assertThatThrownBy(() -> table.insert(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("value");
      assertThat(table.size()).isZero();
    }
  }

  @Nested
  class Remove {
    @Test
    void returnsTheObjectOnceAndRetiresTheHandle() {
      Object value = new Object();
      long handle = table.insert(value);

      assertThat(table.remove(handle)).isSameAs(value);

      assertThat(table.remove(handle)).isNull();
      assertThat(table.resolve(handle)).isNull();
      assertThat(table.size()).isZero();
    }

    @Test
    void reusedSlotGetsTheNextGenerationAndTheOldHandleStaysDead() {
      long first = table.insert("first");
      table.remove(first);

      long second = table.insert("second");

      assertThat(HandleLayout.index(second)).isEqualTo(HandleLayout.index(first));
      assertThat(HandleLayout.generation(second)).isEqualTo(2);
      assertThat(table.resolve(first)).isNull();
      assertThat(table.resolve(second)).isEqualTo("second");
    }

    @Test
    void strictRemoveSaysTheHandleWasFreed() {
      long handle = table.insert("x");
      table.remove(handle);

      InvalidHandleException e =
          catchThrowableOfType(InvalidHandleException.class, () -> table.removeOrThrow(handle));

      assertThat(e.reason()).isEqualTo(Reason.FREED);
    }
  }

  @Nested
  class Growth {
    @Test
    void everyHandleKeepsResolvingWhileLeavesAndLevelsAreAdded() {
      HandleTable<Integer> small = HandleTable.<Integer>builder().leafSize(2).fanOut(2).build();
      List<Long> handles = new ArrayList<>();

      for (int i = 0; i < 5000; i++) {
        handles.add(small.insert(i));
        // Check every earlier handle after each growth step, not only at the end.
        if (Integer.bitCount(i) == 1) {
          for (int j = 0; j <= i; j++) {
            assertThat(small.resolve(handles.get(j))).as("handle %d after %d inserts", j, i + 1)
                .isEqualTo(j);
          }
        }
      }

      for (int i = 0; i < handles.size(); i++) {
        assertThat(small.resolve(handles.get(i))).isEqualTo(i);
      }
    }
  }

  @Nested
  class Capacity {
    private final HandleTable<String> tiny = HandleTable.<String>builder().capacity(4).build();

    @Test
    void insertBeyondCapacityFailsClearlyAndLeavesTheTableIntact() {
      List<Long> handles = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        handles.add(tiny.insert("v" + i));
      }

      assertThatThrownBy(() -> tiny.insert("one too many"))
          .isInstanceOf(HandleTableFullException.class)
          .hasMessageStartingWith("handle table is full: all 4 slots are in use (4 live");

      for (int i = 0; i < 4; i++) {
        assertThat(tiny.resolve(handles.get(i))).isEqualTo("v" + i);
      }
      assertThat(tiny.size()).isEqualTo(4);
    }

    @Test
    void aRemovedSlotMakesRoomAgain() {
      long first = tiny.insert("a");
      for (int i = 0; i < 3; i++) {
        tiny.insert("b" + i);
      }
      tiny.remove(first);

      long again = tiny.insert("c");

      assertThat(tiny.resolve(again)).isEqualTo("c");
    }

    @Test
    void aSlotIsRetiredAfterItsLastGenerationInsteadOfWrapping() {
      HandleTable<String> one = HandleTable.<String>builder().capacity(1).build();
      long last = 0;
      for (int generation = 1; generation <= HandleLayout.MAX_GENERATION; generation++) {
        last = one.insert("g");
        assertThat(HandleLayout.generation(last)).isEqualTo(generation);
        one.remove(last);
      }

      assertThatThrownBy(() -> one.insert("after retirement"))
          .isInstanceOf(HandleTableFullException.class);
      InvalidHandleException e =
          catchThrowableOfType(InvalidHandleException.class, () -> one.resolveOrThrow(HandleLayout.compose(0, one.tableId(), 1, 0)));
      assertThat(e.reason()).isEqualTo(Reason.FREED);
      assertThat(e).hasMessageContaining("retired");
      assertThat(one.resolve(last)).isNull();
    }
  }

  @Nested
  class TypedHandles {
    @Test
    void aHandleResolvesOnlyAsItsOwnKind() {
      Guest guest = new Guest("g");
      long handle = table.insert(GUEST, guest);

      assertThat(table.resolve(GUEST, handle)).isSameAs(guest);
      assertThat(table.resolve(CHANNEL, handle)).isNull();
      assertThat(table.resolve(handle)).isSameAs(guest);
      assertThat(table.remove(CHANNEL, handle)).isNull();
      assertThat(table.resolve(GUEST, handle)).isSameAs(guest);
    }

    @Test
    void strictLookupOfTheWrongKindNamesBothKinds() {
      long handle = table.insert(CHANNEL, new Channel(1));

      InvalidHandleException e =
          catchThrowableOfType(InvalidHandleException.class, () -> table.resolveOrThrow(GUEST, handle));

      assertThat(e.reason()).isEqualTo(Reason.WRONG_KIND);
      assertThat(e).hasMessageContaining("expected 'guest' (kind 1, Guest)")
          .hasMessageContaining("'channel' (kind 2, Channel)");
    }

    @Test
    void aSecondKindWithATakenTagIsRefusedAndCannotReadTheFirst() {
      HandleKind<String> impostor = HandleKind.of(1, "impostor", String.class);
      long handle = table.insert(GUEST, new Guest("g"));

      assertThatThrownBy(() -> table.insert(impostor, "s"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kind tag 1 is already bound to 'guest'");
      assertThat(table.resolve(impostor, handle)).isNull();
      assertThat(catchThrowableOfType(
              InvalidHandleException.class, () -> table.resolveOrThrow(impostor, handle)).reason())
          .isEqualTo(Reason.WRONG_KIND);
    }

    @Test
    void forEachOfAKindThatDoesNotOwnItsTagVisitsNothing() {
      HandleKind<String> impostor = HandleKind.of(2, "impostor", String.class);
      table.insert(CHANNEL, new Channel(1));
      List<Object> seen = new ArrayList<>();

      table.forEach(impostor, (handle, value) -> seen.add(value));

      assertThat(seen).isEmpty();
    }

    @Test
    void forgingTheKindBitsOfALiveHandleFindsNothing() {
      long handle = table.insert(GUEST, new Guest("g"));
      long forged = handle & ~(127L << HandleLayout.KIND_SHIFT) | (2L << HandleLayout.KIND_SHIFT);
      table.insert(CHANNEL, new Channel(9));

      assertThat(table.resolve(CHANNEL, forged)).isNull();
      assertThat(table.resolve(forged)).isNull();
      assertThat(catchThrowableOfType(
              InvalidHandleException.class, () -> table.resolveOrThrow(forged)).reason())
          .isEqualTo(Reason.NEVER_ISSUED);
    }
  }

  @Nested
  class BadInput {
    @Test
    void zeroNegativeForeignAndOutOfRangeValuesGiveNullOrTheirReason() {
      table.insert("live");
      Map<Long, Reason> cases = new HashMap<>();
      cases.put(0L, Reason.ZERO);
      cases.put(-1L, Reason.NEGATIVE);
      cases.put(Long.MIN_VALUE, Reason.NEGATIVE);
      cases.put(HandleLayout.compose(0, 8, 1, 0), Reason.FOREIGN_TABLE);
      cases.put(HandleLayout.compose(0, 7, 0, 0), Reason.NEVER_ISSUED);
      cases.put(HandleLayout.compose(0, 7, 2, 0), Reason.NEVER_ISSUED);
      cases.put(HandleLayout.compose(0, 7, 1, 1), Reason.OUT_OF_RANGE);
      cases.put(HandleLayout.compose(0, 7, 1, HandleLayout.MAX_INDEX), Reason.OUT_OF_RANGE);

      cases.forEach((value, reason) -> {
        assertThat(table.resolve(value)).as(HandleLayout.describe(value)).isNull();
        assertThat(table.remove(value)).as(HandleLayout.describe(value)).isNull();
        InvalidHandleException e =
            catchThrowableOfType(InvalidHandleException.class, () -> table.resolveOrThrow(value));
        assertThat(e.reason()).as(HandleLayout.describe(value)).isEqualTo(reason);
        assertThat(e.handle()).isEqualTo(value);
        assertThat(e).hasMessageStartingWith("invalid handle " + HandleLayout.describe(value));
      });
      assertThat(table.size()).isEqualTo(1);
    }

    /**
     * The lookup folds an index beyond the top's reach onto one it reaches (it masks each digit
     * instead of testing the reach); the slot it lands on holds another index's handle, so a
     * handle forged from a live one by adding a multiple of the reach must still miss, at every
     * height the table passes through.
     */
    @Test
    void anIndexBeyondTheReachNeverResolvesToTheSlotItFoldsOnto() {
      HandleTable<Object> small =
          HandleTable.builder().leafSize(4).fanOut(2).tableId(7).build();
      List<Long> live = new ArrayList<>();
      for (int reach = 4; reach <= 64; reach *= 2) {
        while (live.size() < reach) {
          live.add(small.insert(live.size()));
        }
        for (long handle : live) {
          int index = HandleLayout.index(handle);
          int highest = index + (HandleLayout.MAX_INDEX - 1 - index) / reach * reach;
          for (int k = 1; k <= 33; k++) {
            int beyond = k <= 32 ? index + k * reach : highest;
            long forged = HandleLayout.compose(
                HandleLayout.kind(handle), 7, HandleLayout.generation(handle), beyond);
            assertThat(small.resolve(forged))
                .as("%s forged from %s with %d slots reachable",
                    HandleLayout.describe(forged), HandleLayout.describe(handle), reach)
                .isNull();
          }
        }
      }
      for (int i = 0; i < live.size(); i++) {
        assertThat(small.resolve(live.get(i))).isEqualTo(i);
      }
    }

    @Test
    void messageNamesIndexAndGenerationOfAFreedHandle() {
      long handle = table.insert("x");
      table.remove(handle);
      table.insert("y");

      assertThatThrownBy(() -> table.resolveOrThrow(handle))
          .isInstanceOf(InvalidHandleException.class)
          .hasMessage("invalid handle " + HandleLayout.describe(handle)
              + ": FREED: its object was removed; slot 0 is live at generation 2 as the untyped kind"
              + " (kind 0)");
    }

    @Test
    void anotherTablesHandleNeverResolvesHereEvenAtTheSameIndex() {
      HandleTable<Object> other = HandleTable.builder().tableId(8).build();
      long foreign = other.insert("theirs");
      table.insert("ours");

      assertThat(HandleLayout.index(foreign)).isZero();
      assertThat(table.resolve(foreign)).isNull();
      assertThat(table.remove(foreign)).isNull();
      assertThat(other.resolve(foreign)).isEqualTo("theirs");
    }

    @Test
    void randomValuesNeverThrowAndNeverResolveToAnotherObject() {
      long seed = 0x5eed_0001L;
      SplittableRandom random = new SplittableRandom(seed);
      List<Long> live = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        live.add(table.insert(i));
      }
      Set<Long> issued = new HashSet<>(live);
      for (int i = 0; i < 200_000; i++) {
        long value = switch (i % 3) {
          case 0 -> random.nextLong();
          case 1 -> random.nextLong() & Long.MAX_VALUE;
          // Near-misses: a live handle with one bit flipped.
          default -> live.get(random.nextInt(live.size())) ^ (1L << random.nextInt(64));
        };
        if (issued.contains(value)) {
          continue;
        }
        assertThat(table.resolve(value)).as("seed %d, value %s", seed, HandleLayout.describe(value))
            .isNull();
        assertThat(catchThrowableOfType(
                InvalidHandleException.class, () -> table.resolveOrThrow(value)))
            .as("seed %d, value %s", seed, HandleLayout.describe(value)).isNotNull();
      }
    }
  }

  @Nested
  class IterationAndSize {
    @Test
    void forEachSeesEachLiveEntryOnceInIndexOrder() {
      List<Long> handles = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        handles.add(table.insert(i));
      }
      for (int i = 0; i < 3000; i += 3) {
        table.remove(handles.get(i));
      }
      List<Long> seen = new ArrayList<>();
      Map<Long, Object> values = new HashMap<>();

      table.forEach((handle, value) -> {
        seen.add(handle);
        values.put(handle, value);
      });

      assertThat(seen).hasSize(2000).isSorted();
      assertThat(table.size()).isEqualTo(2000);
      seen.forEach(h -> assertThat(values.get(h)).isEqualTo(table.resolve(h)));
    }

    @Test
    void forEachOfAKindSkipsOtherKinds() {
      table.insert(GUEST, new Guest("a"));
      table.insert(CHANNEL, new Channel(1));
      table.insert(GUEST, new Guest("b"));
      List<String> names = new ArrayList<>();

      table.forEach(GUEST, (handle, guest) -> names.add(guest.name()));

      assertThat(names).containsExactly("a", "b");
    }
  }
}

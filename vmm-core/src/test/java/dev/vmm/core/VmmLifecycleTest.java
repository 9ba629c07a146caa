package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.core.internal.InProcessPlacement;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VmmLifecycleTest {
  private final Vmm vmm = Vmm.builder().build();

  @AfterEach
  void close() {
    vmm.close();
  }

  private Guest spinning(String name) {
    return vmm.create(Guests.config(name).program(Guests.program(Rv.spin())).build());
  }

  @Nested
  class LegalTransitions {
    @Test
    void aGuestGoesThroughEveryStateInOrder() {
      Guest guest = spinning("all-states");
      assertThat(guest.state()).isEqualTo(GuestState.CREATED);
      vmm.start(guest);
      assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
      vmm.pause(guest);
      assertThat(guest.state()).isEqualTo(GuestState.PAUSED);
      vmm.resume(guest);
      assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
      vmm.stop(guest);
      assertThat(guest.state()).isEqualTo(GuestState.STOPPED);
      assertThat(guest.exit()).contains(new GuestExit.StoppedByHost());
      vmm.destroy(guest);
      assertThat(guest.state()).isEqualTo(GuestState.DESTROYED);
      assertThat(vmm.guest(guest.id())).isEmpty();
    }

    @Test
    void aGuestWhoseProgramExitsStopsWithItsStatus() throws Exception {
      Guest guest = vmm.create(Guests.config("paused")
          .program(Guests.program(Rv.concat(Rv.exit(3)))).build());
      vmm.start(guest);
      assertThat(guest.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(3));
      assertThat(guest.state()).isEqualTo(GuestState.STOPPED);
    }

    @Test
    void aPausedGuestRetiresNothingUntilResumed() throws Exception {
      // loop: t0 += 1; store t0 at sp - 8; repeat.
      Guest guest = vmm.create(Guests.config("counter").program(Guests.program(
          Rv.addi(Rv.T0, Rv.T0, 1), Rv.sd(Rv.T0, Rv.SP, -8), Rv.jal(-8))).build());
      long counter = GuestConfig.HEAP_BASE - 16 - 8;
      vmm.start(guest);
      while (guest.memory().load64(counter) == 0) {
        Thread.onSpinWait();
      }
      vmm.pause(guest);
      long held = guest.memory().load64(counter);
      for (int i = 0; i < 1_000_000; i++) {
        Thread.onSpinWait();
      }
      assertThat(guest.memory().load64(counter)).isEqualTo(held);

      vmm.resume(guest);
      while (guest.memory().load64(counter) == held) {
        Thread.onSpinWait();
      }
      assertThat(guest.memory().load64(counter)).isGreaterThan(held);
    }

    @Test
    void destroyStopsARunningGuestFirst() {
      Guest guest = spinning("destroy-running");
      vmm.start(guest);
      vmm.destroy(guest);
      assertThat(guest.state()).isEqualTo(GuestState.DESTROYED);
      assertThat(guest.exit()).contains(new GuestExit.StoppedByHost());
    }

    @Test
    void aGuestWithoutAProgramRunsUntilStopped() {
      Guest guest = vmm.create(Guests.config("no-program").build());
      vmm.start(guest);
      assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
      vmm.stop(guest);
      assertThat(guest.state()).isEqualTo(GuestState.STOPPED);
    }
  }

  @Nested
  class IllegalTransitions {
    @ParameterizedTest
    @EnumSource(GuestTransition.class)
    void everyIllegalTransitionFromEveryStateIsRefusedAndChangesNothing(
        GuestTransition transition) {
      for (GuestState from : EnumSet.allOf(GuestState.class)) {
        if (transition.target(from) != null) {
          continue;
        }
        Guest guest = guestIn(from, "illegal-" + transition + "-" + from);
        assertThatThrownBy(() -> apply(transition, guest))
            .isInstanceOfSatisfying(IllegalGuestStateException.class, e -> {
              assertThat(e.state()).isEqualTo(from);
              assertThat(e.transition()).isEqualTo(transition);
              assertThat(e.guestName()).isEqualTo(guest.name());
            })
            .hasMessageContaining("'" + guest.name() + "'")
            .hasMessageContaining("is " + from)
            .hasMessageContaining(transition.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(guest.state()).as("%s from %s", transition, from).isEqualTo(from);
      }
    }

    private Guest guestIn(GuestState state, String name) {
      Guest guest = spinning(name);
      switch (state) {
        case CREATED -> { }
        case RUNNING -> vmm.start(guest);
        case PAUSED -> {
          vmm.start(guest);
          vmm.pause(guest);
        }
        case STOPPED -> vmm.stop(guest);
        case DESTROYED -> vmm.destroy(guest);
      }
      return guest;
    }

    private void apply(GuestTransition transition, Guest guest) {
      switch (transition) {
        case START -> vmm.start(guest);
        case PAUSE -> vmm.pause(guest);
        case RESUME -> vmm.resume(guest);
        case STOP -> vmm.stop(guest);
        case DESTROY -> vmm.destroy(guest);
      }
    }

    @Test
    void aGuestOfAnotherVmmIsRefused() {
      try (Vmm other = Vmm.builder().build()) {
        Guest foreign = other.create(Guests.config("foreign").build());
        assertThatThrownBy(() -> vmm.start(foreign))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("foreign");
        assertThat(foreign.state()).isEqualTo(GuestState.CREATED);
      }
    }
  }

  @Nested
  class Introspection {
    @Test
    void listsEveryGuestNotDestroyedWithItsState() {
      Guest created = vmm.create(Guests.config("a").build());
      Guest running = spinning("b");
      vmm.start(running);
      Guest gone = vmm.create(Guests.config("c").build());
      vmm.destroy(gone);

      assertThat(vmm.guests()).extracting(GuestInfo::name, GuestInfo::state)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("a", GuestState.CREATED),
              org.assertj.core.groups.Tuple.tuple("b", GuestState.RUNNING));
      assertThat(vmm.guest(created.id())).containsSame(created);
      assertThat(vmm.guest(gone.id())).isEmpty();
    }

    @Test
    void aStoppedGuestReportsWhy() throws Exception {
      Guest guest = vmm.create(Guests.config("exits").program(Guests.program(Rv.exit(9))).build());
      vmm.start(guest);
      guest.awaitExit(Guests.WAIT);
      assertThat(vmm.guests()).singleElement()
          .satisfies(info -> assertThat(info.exit()).isEqualTo(new GuestExit.Exited(9)));
    }
  }

  @Nested
  class Placement {
    @Test
    void theVmmRunsHartLoopsWhereItsPlacementSays() throws Exception {
      java.util.List<String> placed = new java.util.concurrent.CopyOnWriteArrayList<>();
      GuestPlacement inProcess = GuestPlacement.inProcess();
      GuestPlacement recording = new GuestPlacement() {
        @Override
        public String describe() {
          return "recording " + inProcess.describe();
        }

        @Override
        public Placed start(Guest guest, Runnable loop) {
          placed.add(guest.name());
          return inProcess.start(guest, loop);
        }
      };
      try (Vmm custom = Vmm.builder().placement(recording).build()) {
        Guest guest = custom.create(Guests.config("placed").program(Guests.program(Rv.exit(5)))
            .build());
        custom.start(guest);
        assertThat(guest.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(5));
        assertThat(placed).containsExactly("placed");
        assertThat(custom.placement().describe()).isEqualTo("recording in-process");
      }
    }
  }

  @Nested
  class Threads {
    @Test
    void noGuestThreadSurvivesClose() {
      for (int i = 0; i < 4; i++) {
        vmm.start(spinning("leak-check-" + i));
      }
      Guest paused = spinning("leak-check-paused");
      vmm.start(paused);
      vmm.pause(paused);
      assertThat(guestThreads()).isGreaterThanOrEqualTo(5);

      vmm.close();

      assertThat(guestThreads()).isZero();
      assertThat(vmm.guests()).isEmpty();
    }

    @Test
    void closeTwiceDoesNothing() {
      vmm.start(spinning("twice"));
      vmm.close();
      vmm.close();
      assertThat(guestThreads()).isZero();
    }

    @Test
    void aClosedVmmCreatesNoGuests() {
      vmm.close();
      assertThatThrownBy(() -> vmm.create(Guests.config("late").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
    }

    private long guestThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith(InProcessPlacement.THREAD_PREFIX) && t.isAlive())
          .count();
    }
  }
}

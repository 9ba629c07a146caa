package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.internal.InProcessPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several host threads drive random transitions on the same guests while some guests' programs
 * exit on their own. The only exception allowed is {@link IllegalGuestStateException}; at the
 * end every guest is destroyed and no guest thread is left.
 */
class LifecycleRaceTest {
  private static final int THREADS = 3;
  private static final int STEPS = 150;

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void racingTransitionsOnlyEverRefuseCleanly(long seed) throws Exception {
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    List<Guest> guests = new ArrayList<>();
    try (Vmm vmm = Vmm.builder().build()) {
      for (int i = 0; i < 6; i++) {
        GuestProgram program = i % 2 == 0 ? Guests.program(Rv.spin())
            : Guests.program(Rv.concat(Rv.countDown(0x10), Rv.exit(i)));
        guests.add(vmm.create(Guests.config("race-" + seed + "-" + i).program(program).build()));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SplittableRandom random = new SplittableRandom(seed * 31 + t);
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
            for (int step = 0; step < STEPS; step++) {
              Guest guest = guests.get(random.nextInt(guests.size()));
              try {
                switch (random.nextInt(10)) {
                  case 0, 1, 2 -> vmm.start(guest);
                  case 3, 4 -> vmm.pause(guest);
                  case 5, 6 -> vmm.resume(guest);
                  case 7, 8 -> vmm.stop(guest);
                  default -> vmm.destroy(guest);
                }
              } catch (IllegalGuestStateException e) {
                // The guest was not in a state for it: the refusal this test allows.
              }
            }
          } catch (Throwable e) {
            unexpected.add(new AssertionError("seed " + seed, e));
          }
        }));
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
    }
    assertThat(unexpected).as("seed %d", seed).isEmpty();
    assertThat(guests).as("seed %d", seed)
        .allSatisfy(g -> assertThat(g.state()).isEqualTo(GuestState.DESTROYED));
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(InProcessPlacement.THREAD_PREFIX) && t.isAlive()))
        .as("seed %d: guest threads left", seed).isEmpty();
  }
}

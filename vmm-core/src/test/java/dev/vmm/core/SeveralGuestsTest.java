package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.ViolationKind;
import dev.vmm.riscv.HartStop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SeveralGuestsTest {
  @Nested
  class OneFaults {
    @Test
    void theFaultingGuestStopsWithItsReportAndTheOthersFinish() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        List<Guest> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          workers.add(vmm.create(Guests.config("worker-" + i)
              .program(Guests.program(Rv.concat(Rv.countDown(0x80), Rv.exit(i)))).build()));
        }
        // An untagged load from the tagged heap: the checks refuse it on the access.
        Guest faulty = vmm.create(Guests.config("faulty").program(Guests.program(
            Rv.lui(Rv.A0, (int) (GuestConfig.HEAP_BASE >>> 12)), Rv.ld(Rv.A0, Rv.A0, 0)))
            .build());
        Guest wild = vmm.create(Guests.config("wild").program(Guests.program(
            Rv.ld(Rv.A0, Rv.ZERO, 0))).build());

        vmm.start(faulty);
        workers.forEach(vmm::start);
        vmm.start(wild);

        assertThat(faulty.awaitExit(Guests.WAIT)).get()
            .isInstanceOfSatisfying(GuestExit.Faulted.class, fault -> {
              assertThat(fault.stop()).isInstanceOf(HartStop.MemoryFault.class);
              assertThat(fault.stop().pc()).isEqualTo(GuestConfig.CODE_BASE + 4);
              assertThat(fault.violation()).get().extracting(v -> v.kind())
                  .isEqualTo(ViolationKind.TAG_MISMATCH);
              assertThat(fault.describe()).contains("tag-mismatch");
            });
        assertThat(wild.awaitExit(Guests.WAIT)).get()
            .isInstanceOfSatisfying(GuestExit.Faulted.class, fault ->
                assertThat(fault.violation()).get().extracting(v -> v.kind())
                    .isEqualTo(ViolationKind.UNMAPPED));
        for (int i = 0; i < workers.size(); i++) {
          assertThat(workers.get(i).awaitExit(Guests.WAIT))
              .contains(new GuestExit.Exited(i + 1));
        }
        assertThat(faulty.state()).isEqualTo(GuestState.STOPPED);
        assertThat(vmm.guests()).hasSize(5);
      }
    }
  }

  @Nested
  class PauseIsolation {
    @Test
    void pausingOneGuestLetsTheOthersRun() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        Guest paused = vmm.create(Guests.config("held")
            .program(Guests.program(Rv.concat(Rv.countDown(0x80), Rv.exit(1)))).build());
        Guest free = vmm.create(Guests.config("free")
            .program(Guests.program(Rv.concat(Rv.countDown(0x80), Rv.exit(2)))).build());
        vmm.start(paused);
        vmm.pause(paused);
        vmm.start(free);

        assertThat(free.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(2));
        assertThat(paused.state()).isEqualTo(GuestState.PAUSED);
        assertThat(paused.exit()).isEmpty();

        vmm.resume(paused);
        assertThat(paused.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(1));
      }
    }
  }
}

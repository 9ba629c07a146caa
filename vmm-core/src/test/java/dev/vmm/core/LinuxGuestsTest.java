package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.ViolationKind;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.LinuxProcess;
import dev.vmm.riscv.ProcessResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Static glibc programs in guests: vmm-riscv's recorded test programs (their output as qemu
 * printed it) and {@code hypercalls.c}, which calls the VMM from C.
 */
class LinuxGuestsTest {
  static final Path RISCV = Path.of("../vmm-riscv/src/test/resources/riscv");
  static final Path ELF = Path.of("src/test/resources/elf");

  private static GuestConfig.Builder config(String name, long memory) {
    return GuestConfig.builder(name).memorySize(memory).tagSeed(name.hashCode())
        .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
  }

  private static GuestProgram.Linux program(Path file, String... args)
      throws IOException, ElfFormatException {
    List<String> argv = new ArrayList<>(List.of(file.getFileName().toString()));
    argv.addAll(List.of(args));
    return GuestProgram.Linux.builder(file).argv(argv).build();
  }

  private static String recorded(String name) throws IOException {
    return Files.readString(RISCV.resolve(name + ".out"));
  }

  private static String out(Guest guest, GuestConfig config) {
    return ((ByteArrayOutputStream) config.stdout()).toString(StandardCharsets.UTF_8);
  }

  private static ProcessResult ended(Guest guest) throws InterruptedException {
    return assertThat(guest.awaitExit(Guests.WAIT)).get()
        .isInstanceOf(GuestExit.ProcessEnded.class)
        .extracting(exit -> ((GuestExit.ProcessEnded) exit).result())
        .actual();
  }

  @Nested
  class OneProgram {
    @Test
    void printsAndExitsAsUnderQemu() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("hello", 16 << 20)
            .program(program(RISCV.resolve("hello-glibc"))).build();
        Guest guest = vmm.create(config);
        vmm.start(guest);

        ProcessResult result = ended(guest);
        assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(out(guest, config)).isEqualTo(recorded("hello-glibc"));
        assertThat(guest.exit().orElseThrow().describe()).startsWith("exited with status 3");
        assertThat(guest.state()).isEqualTo(GuestState.STOPPED);
      }
    }

    @Test
    void hypercallsReachTheDispatcherAndPointersAreChecked() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("caller", 16 << 20)
            .program(program(ELF.resolve("hypercalls"))).build();
        Guest guest = vmm.create(config);
        vmm.start(guest);

        ProcessResult result = ended(guest);
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(out(guest, config)).isEqualTo(
            "info: 24 bytes, abi 1\nwritten 23, stale -14, wild -14\n");
        assertThat(((ByteArrayOutputStream) config.stderr()).toString(StandardCharsets.UTF_8))
            .isEqualTo("console: from the heap\n");
        assertThat(result.violations()).isEmpty();
        assertThat(vmm.hypercalls().internalErrors()).isZero();
      }
    }

    @Test
    void threadsRunOnHartsOfTheirOwn() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("threads", 512 << 20) // glibc maps 8 MiB per thread stack
            .program(program(RISCV.resolve("threads-glibc"))).build();
        Guest guest = vmm.create(config);
        vmm.start(guest);

        ProcessResult result = ended(guest);
        assertThat(result.exitCode()).isEqualTo(
            Integer.parseInt(Files.readString(RISCV.resolve("threads-glibc.exit")).strip()));
        assertThat(out(guest, config)).isEqualTo(recorded("threads-glibc"));
      }
    }

    @Test
    void continuingAfterAViolationKeepsTheReportAndRunsToTheEnd() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("go-on", 16 << 20)
            .program(GuestProgram.Linux.builder(RISCV.resolve("heapbugs"))
                .argv(List.of("heapbugs", "double-free"))
                .afterViolation(LinuxProcess.AfterViolation.CONTINUE).build())
            .build();
        Guest guest = vmm.create(config);
        vmm.start(guest);

        ProcessResult result = ended(guest);
        assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.violations()).singleElement()
            .satisfies(v -> assertThat(v.violation().kind()).isEqualTo(ViolationKind.DOUBLE_FREE));
        assertThat(out(guest, config)).isEqualTo("running double-free\nsurvived double-free\n");
        assertThat(vmm.guests()).singleElement().satisfies(info -> {
          assertThat(info.state()).isEqualTo(GuestState.STOPPED);
          assertThat(info.exit()).isEqualTo(new GuestExit.ProcessEnded(result));
        });
      }
    }

    @Test
    void aProgramTooLargeForTheGuestIsRefusedAtCreate() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("small", 3 << 20)
            .program(program(RISCV.resolve("hello-glibc"))).build();

        assertThatThrownBy(() -> vmm.create(config))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("small").hasMessageContaining("16 MiB");
        assertThat(vmm.guests()).isEmpty();
      }
    }
  }

  @Nested
  class SeveralAtOnce {
    @Test
    void theViolatingGuestStopsWithItsReportAndTheOthersFinish() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig bad = config("use-after-free", 16 << 20)
            .program(program(RISCV.resolve("heapbugs"), "use-after-free")).build();
        List<GuestConfig> good = List.of(
            config("hello", 16 << 20).program(program(RISCV.resolve("hello-glibc"))).build(),
            config("clean", 32 << 20).program(program(RISCV.resolve("heapclean"))).build(),
            config("qsort", 32 << 20).program(program(RISCV.resolve("qsort-glibc"))).build());
        Guest violator = vmm.create(bad);
        List<Guest> others = new ArrayList<>();
        for (GuestConfig config : good) {
          others.add(vmm.create(config));
        }
        vmm.start(violator);
        others.forEach(vmm::start);

        ProcessResult violation = ended(violator);
        assertThat(violation.outcome()).isEqualTo(ProcessResult.Outcome.MEMORY_VIOLATION);
        assertThat(violation.exitCode()).isEqualTo(1);
        assertThat(violation.violations()).singleElement()
            .satisfies(v -> assertThat(v.violation().kind()).isNotEqualTo(ViolationKind.UNMAPPED));
        assertThat(violation.report()).contains("heap-use-after-free");
        assertThat(violator.exit().orElseThrow().describe())
            .startsWith("halted on a memory violation");
        String[] names = {"hello-glibc", "heapclean", "qsort-glibc"};
        for (int i = 0; i < others.size(); i++) {
          ProcessResult result = ended(others.get(i));
          assertThat(result.outcome()).as(names[i]).isEqualTo(ProcessResult.Outcome.EXITED);
          assertThat(out(others.get(i), good.get(i))).as(names[i]).isEqualTo(recorded(names[i]));
          assertThat(result.exitCode()).as(names[i]).isEqualTo(Integer.parseInt(
              Files.readString(RISCV.resolve(names[i] + ".exit")).strip()));
        }
      }
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void aPausedProgramResumesToTheSameOutput() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("clean", 32 << 20)
            .program(program(RISCV.resolve("heapclean"))).build();
        Guest guest = vmm.create(config);
        vmm.start(guest);
        vmm.pause(guest);
        assertThat(guest.state()).isEqualTo(GuestState.PAUSED);
        assertThatThrownBy(() -> vmm.pause(guest))
            .isInstanceOf(IllegalGuestStateException.class).hasMessageContaining("PAUSED");

        vmm.resume(guest);
        ProcessResult result = ended(guest);
        assertThat(result.exitCode()).isZero();
        assertThat(out(guest, config)).isEqualTo(recorded("heapclean"));
      }
    }

    @Test
    void aStoppedProgramEndsWithItsThreadsAndIllegalMovesAreRefused() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("sieve", 16 << 20) // 643 M instructions: still running
            .program(program(RISCV.resolve("bench-sieve"))).build();
        Guest guest = vmm.create(config);
        assertThatThrownBy(() -> vmm.resume(guest))
            .isInstanceOf(IllegalGuestStateException.class).hasMessageContaining("CREATED");
        vmm.start(guest);
        assertThatThrownBy(() -> vmm.start(guest))
            .isInstanceOf(IllegalGuestStateException.class).hasMessageContaining("RUNNING");

        vmm.stop(guest);
        assertThat(guest.exit()).contains(new GuestExit.StoppedByHost());
        assertThat(guest.state()).isEqualTo(GuestState.STOPPED);
        assertThatThrownBy(() -> vmm.pause(guest))
            .isInstanceOf(IllegalGuestStateException.class).hasMessageContaining("STOPPED");
        vmm.destroy(guest);
        assertThat(guest.state()).isEqualTo(GuestState.DESTROYED);
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.getName().equals("vmm-guest-sieve"));
      }
    }

    @Test
    void stoppingAPausedThreadedProgramJoinsItsThreads() throws Exception {
      try (Vmm vmm = Vmm.builder().build()) {
        GuestConfig config = config("threads", 512 << 20)
            .program(program(RISCV.resolve("threads-glibc"))).build();
        Guest guest = vmm.create(config);
        vmm.start(guest);
        vmm.pause(guest);
        vmm.stop(guest);

        assertThat(guest.exit()).contains(new GuestExit.StoppedByHost());
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.getName().startsWith("vmm-hart-") && t.isAlive());
      }
    }
  }

  @Nested
  class BadPrograms {
    @Test
    void bytesThatAreNotAnExecutableAreRefusedWithTheReason() {
      assertThatThrownBy(() -> GuestProgram.Linux.builder("not an ELF file".getBytes(
          StandardCharsets.US_ASCII)).build())
          .isInstanceOf(ElfFormatException.class)
          .satisfies(e -> assertThat(((ElfFormatException) e).reason())
              .isEqualTo(ElfFormatException.Reason.NOT_ELF));
    }

    @Test
    void argvNeedsTheProgramName() throws Exception {
      GuestProgram.Linux.Builder builder = GuestProgram.Linux.builder(RISCV.resolve("hello-glibc"));

      assertThatThrownBy(() -> builder.argv(List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv");
      assertThatThrownBy(() -> builder.instructionBudget(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
  }
}

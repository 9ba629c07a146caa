package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HypercallDispatcherTest {
  private final Vmm vmm = Vmm.builder().build();
  private final HypercallDispatcher dispatcher = vmm.hypercalls();

  @AfterEach
  void close() {
    assertThat(dispatcher.internalErrors()).isZero();
    vmm.close();
  }

  private long call(Guest guest, long number, long a0, long a1, long a2) {
    return dispatcher.dispatch(guest, number, a0, a1, a2, 0, 0, 0);
  }

  @Nested
  class PlainEntryPoint {
    @Test
    void infoWritesTheGuestIdAndVersions() {
      Guest guest = vmm.create(Guests.config("info").build());
      long buffer = Guests.buffer(guest, 32);

      assertThat(call(guest, HypercallAbi.INFO, buffer, 32, 0)).isEqualTo(HypercallAbi.INFO_SIZE);

      byte[] record = new byte[HypercallAbi.INFO_SIZE];
      guest.memory().copyOut(buffer, record, 0, record.length);
      ByteBuffer fields = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(fields.getLong(0)).isEqualTo(guest.id());
      assertThat(fields.getInt(8)).isEqualTo(HypercallAbi.VERSION);
      assertThat(fields.getLong(16)).isEqualTo(1L << 16);
    }

    @Test
    void consoleWriteReachesTheGuestsConsole() {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      Guest guest = vmm.create(Guests.config("console").stderr(console).build());
      byte[] text = "hello from the guest\n".getBytes(StandardCharsets.UTF_8);
      long buffer = Guests.buffer(guest, text.length);
      guest.memory().copyIn(buffer, text, 0, text.length);

      assertThat(call(guest, HypercallAbi.CONSOLE_WRITE, buffer, text.length, 0))
          .isEqualTo(text.length);
      assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("hello from the guest\n");
    }

    @Test
    void aServiceOfTheHostIsCalledWithTheArguments() {
      try (Vmm custom = Vmm.builder().service(new SumService()).build()) {
        Guest guest = custom.create(Guests.config("sum").build());
        assertThat(custom.hypercalls().dispatch(guest, SumService.NUMBER, 1, 2, 3, 4, 5, 6))
            .isEqualTo(21);
      }
    }

    @Test
    void twoServicesClaimingOneNumberAreRefusedAtBuild() {
      assertThatThrownBy(() -> Vmm.builder().service(new SumService())
          .service(new SumService()).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0x" + Long.toHexString(SumService.NUMBER))
          .hasMessageContaining("already taken by sum.sum");
    }
  }

  @Nested
  class Errors {
    @Test
    void numbersOutsideTheRangeOrUnservedAreNoSuchCall() {
      Guest guest = vmm.create(Guests.config("numbers").build());
      for (long number : new long[] {HypercallAbi.BASE - 1, HypercallAbi.BASE + HypercallAbi.COUNT,
          HypercallAbi.BASE + 0x7FF, 0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 64}) {
        assertThat(call(guest, number, 0, 0, 0)).as("0x%x", number)
            .isEqualTo(HypercallError.NO_SUCH_CALL.code());
      }
    }

    @Test
    void wildUnmappedAndOverflowingPointersAreFaults() {
      Guest guest = vmm.create(Guests.config("pointers").build());
      long buffer = Guests.buffer(guest, 16);
      long[][] cases = {
          {0, 24}, // NULL
          {0x8000_0000L, 24}, // beyond memory
          {buffer, 24}, // a 16-byte allocation, 24 bytes asked
          {buffer + 8, 24}, // overflow from inside
          {buffer ^ (1L << 60), 24}, // wrong tag
          {GuestConfig.CODE_BASE, 24}, // read-only: info writes
      };
      for (long[] c : cases) {
        assertThat(call(guest, HypercallAbi.INFO, c[0], c[1], 0))
            .as("pointer 0x%x", c[0]).isEqualTo(HypercallError.FAULT.code());
      }
      guest.memory().free(buffer, 0);
      assertThat(call(guest, HypercallAbi.CONSOLE_WRITE, buffer, 8, 0))
          .as("freed").isEqualTo(HypercallError.FAULT.code());
    }

    @Test
    void badLengthsAreInvalid() {
      Guest guest = vmm.create(Guests.config("lengths").build());
      long buffer = Guests.buffer(guest, 64);
      for (long length : new long[] {-1, Long.MIN_VALUE, HypercallAbi.MAX_TRANSFER + 1L,
          Long.MAX_VALUE}) {
        assertThat(call(guest, HypercallAbi.CONSOLE_WRITE, buffer, length, 0))
            .as("length %d", length).isEqualTo(HypercallError.INVALID.code());
      }
      assertThat(call(guest, HypercallAbi.INFO, buffer, 8, 0))
          .isEqualTo(HypercallError.INVALID.code());
    }

    @Test
    void aFailingServiceIsAnInternalErrorNotAHostException() {
      HypercallService broken = new HypercallService() {
        @Override
        public String name() {
          return "broken";
        }

        @Override
        public void register(HypercallRegistrar registrar) {
          registrar.register(HypercallAbi.BASE + 0x800, "boom", (context, a0, a1, a2, a3, a4, a5) -> {
            throw new IllegalStateException("service bug");
          });
        }
      };
      try (Vmm custom = Vmm.builder().service(broken).build()) {
        Guest guest = custom.create(Guests.config("broken").build());
        assertThat(custom.hypercalls().dispatch(guest, HypercallAbi.BASE + 0x800, 0, 0, 0, 0, 0, 0))
            .isEqualTo(HypercallError.INTERNAL.code());
        assertThat(custom.hypercalls().internalErrors()).isEqualTo(1);
      }
    }

    @Test
    void aGuestOfAnotherVmmIsAHostMistake() {
      try (Vmm other = Vmm.builder().build()) {
        Guest foreign = other.create(Guests.config("foreign").build());
        Guest mine = vmm.create(Guests.config("mine").build());
        assertThat(call(mine, HypercallAbi.INFO, 0, 24, 0)).isEqualTo(HypercallError.FAULT.code());
        assertThatThrownBy(() -> call(foreign, HypercallAbi.INFO, 0, 24, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foreign");
        assertThatThrownBy(() -> dispatcher.dispatch(null, HypercallAbi.INFO, 0, 0, 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(foreign.state()).isEqualTo(GuestState.CREATED);
      }
    }
  }

  @Nested
  class Isolation {
    @Test
    void aGuestCannotNameAnotherGuestsChannel() throws Exception {
      Guest alice = vmm.create(Guests.config("alice").build());
      Guest mallory = vmm.create(Guests.config("mallory").build());
      HostChannel alices = vmm.openChannel(alice, "secret", 256);
      byte[] data = "for alice".getBytes(StandardCharsets.UTF_8);
      alices.offer(data, 0, data.length);
      long buffer = Guests.buffer(mallory, 64);

      for (long number : new long[] {HypercallAbi.CHANNEL_READ, HypercallAbi.CHANNEL_WRITE}) {
        assertThat(call(mallory, number, alices.handle(), buffer, 64))
            .isEqualTo(HypercallError.BAD_HANDLE.code());
      }
      assertThat(call(mallory, HypercallAbi.CHANNEL_SHUTDOWN, alices.handle(), 0, 0))
          .isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThat(call(mallory, HypercallAbi.CHANNEL_CLOSE, alices.handle(), 0, 0))
          .isEqualTo(HypercallError.BAD_HANDLE.code());
      byte[] name = "secret".getBytes(StandardCharsets.UTF_8);
      mallory.memory().copyIn(buffer, name, 0, name.length);
      assertThat(call(mallory, HypercallAbi.CHANNEL_OPEN, buffer, name.length, 0))
          .isEqualTo(HypercallError.NOT_FOUND.code());

      long aliceBuffer = Guests.buffer(alice, 64);
      assertThat(call(alice, HypercallAbi.CHANNEL_READ, alices.handle(), aliceBuffer, 64))
          .isEqualTo(data.length);
      assertThat(vmm.objects().resolve(alice, VmmKinds.CHANNEL, alices.handle())).isSameAs(alices);
      assertThat(vmm.objects().resolve(mallory, VmmKinds.CHANNEL, alices.handle())).isNull();
      assertThat(vmm.objects().remove(mallory, VmmKinds.CHANNEL, alices.handle())).isNull();
    }

    @Test
    void aGuestHandleIsNotAChannelHandle() {
      Guest guest = vmm.create(Guests.config("kinds").build());
      assertThat(call(guest, HypercallAbi.CHANNEL_SHUTDOWN, guest.id(), 0, 0))
          .isEqualTo(HypercallError.BAD_HANDLE.code());
    }
  }

  @Nested
  class ThroughAHart {
    @Test
    void anEcallInTheRangeReachesTheDispatcherAndOthersReachLinux() throws Exception {
      // sp -= 32; INFO(sp, 32); exit(a0): the exit status is what INFO returned.
      Guest guest = vmm.create(Guests.config("ecall").program(Guests.program(Rv.concat(
          new int[] {Rv.addi(Rv.SP, Rv.SP, -32), Rv.addi(Rv.A0, Rv.SP, 0),
              Rv.addi(Rv.A1, Rv.ZERO, 32)},
          Rv.hypercallNumber(HypercallAbi.INFO), new int[] {Rv.ecall()},
          Rv.exitWithA0()))).build());
      vmm.start(guest);
      assertThat(guest.awaitExit(Guests.WAIT))
          .contains(new GuestExit.Exited(HypercallAbi.INFO_SIZE));
    }

    @Test
    void aHypercallWithABadPointerReturnsAnErrorToTheProgram() throws Exception {
      // INFO(0, 32) faults; exit(a0 & 0xFF) = exit(-14 & 0xFF).
      Guest guest = vmm.create(Guests.config("ecall-fault").program(Guests.program(Rv.concat(
          new int[] {Rv.addi(Rv.A0, Rv.ZERO, 0), Rv.addi(Rv.A1, Rv.ZERO, 32)},
          Rv.hypercallNumber(HypercallAbi.INFO), new int[] {Rv.ecall()},
          Rv.exitWithA0()))).build());
      vmm.start(guest);
      assertThat(guest.awaitExit(Guests.WAIT))
          .contains(new GuestExit.Exited(HypercallError.FAULT.code() & 0xFF));
    }

    @Test
    void consoleWriteFromMachineCodeReadsItsReadOnlyData() throws Exception {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      int[] code = Rv.concat(
          new int[] {Rv.auipc(Rv.A0, 0), Rv.addi(Rv.A0, Rv.A0, 8 * 4), Rv.addi(Rv.A1, Rv.ZERO, 4)},
          Rv.hypercallNumber(HypercallAbi.CONSOLE_WRITE), new int[] {Rv.ecall()},
          Rv.exitWithA0(),
          new int[] {0x0A6B6F2D}); // "-ok\n"
      Guest guest = vmm.create(
          Guests.config("console-ecall").stderr(console).program(Guests.program(code)).build());
      vmm.start(guest);
      assertThat(guest.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(4));
      assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("-ok\n");
    }
  }

  /** Adds its six arguments. */
  static final class SumService implements HypercallService {
    static final long NUMBER = HypercallAbi.BASE + 0x900;

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(NUMBER, "sum", (context, a0, a1, a2, a3, a4, a5) ->
          a0 + a1 + a2 + a3 + a4 + a5);
    }
  }
}

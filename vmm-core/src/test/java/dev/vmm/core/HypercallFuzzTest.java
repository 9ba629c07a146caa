package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.handles.HandleLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile guest throws forged handles (another guest's, the wrong kind, freed, random, bit-
 * flipped), wild, unmapped, freed, wrongly tagged and out-of-bounds pointers, absurd lengths and
 * unknown numbers at every hypercall. Every call must return a success or a documented error
 * code, the host must never throw, and the other guest's objects must be exactly as they were.
 */
class HypercallFuzzTest {
  private static final int CALLS = 20_000;
  private static final long[] SERVED = {HypercallAbi.INFO, HypercallAbi.CONSOLE_WRITE,
      HypercallAbi.CHANNEL_OPEN, HypercallAbi.CHANNEL_WRITE, HypercallAbi.CHANNEL_READ,
      HypercallAbi.CHANNEL_SHUTDOWN, HypercallAbi.CHANNEL_CLOSE, HypercallAbi.REGION_SHARE,
      HypercallAbi.REGION_RELEASE};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 0xBAD, 0xF00D})
  void aHostileGuestGetsErrorCodesAndHarmsNobody(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    try (Vmm vmm = Vmm.builder().build()) {
      Guest alice = vmm.create(Guests.config("alice").build());
      Guest mallory = vmm.create(Guests.config("mallory").build());
      HostChannel alices = vmm.openChannel(alice, "alice", 256);
      GuestSide aliceSide = new GuestSide(vmm, alice, alices.handle(), 64);
      byte[] up = "alice to host".getBytes(StandardCharsets.UTF_8);
      byte[] down = "host to alice".getBytes(StandardCharsets.UTF_8);
      assertThat(aliceSide.write(up, 0, up.length)).isEqualTo(up.length);
      assertThat(alices.offer(down, 0, down.length)).isEqualTo(down.length);

      List<Long> handles = new ArrayList<>(List.of(alices.handle(), alice.id(), mallory.id(),
          0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
      for (int i = 0; i < 3; i++) {
        handles.add(vmm.openChannel(mallory, "own-" + i, 64).handle());
      }
      HostChannel doomed = vmm.openChannel(mallory, "doomed", 64);
      new GuestSide(vmm, mallory, doomed.handle(), 16).close();
      handles.add(doomed.handle());

      List<Long> pointers = new ArrayList<>(List.of(0L, -1L, 1L, GuestConfig.CODE_BASE,
          GuestConfig.RAM_BASE, GuestConfig.HEAP_BASE, (long) (3 << 20), 1L << 47, Long.MIN_VALUE));
      for (int i = 0; i < 8; i++) {
        long buffer = Guests.buffer(mallory, 32 << i);
        pointers.add(buffer);
        pointers.add(buffer + (32 << i) - 1);
        pointers.add(buffer ^ (1L << (48 + random.nextInt(16))));
      }
      long freed = Guests.buffer(mallory, 64);
      mallory.memory().free(freed, 0);
      pointers.add(freed);
      long aliceBuffer = Guests.buffer(alice, 64);
      pointers.add(aliceBuffer);

      for (int call = 0; call < CALLS; call++) {
        long number = number(random, 16);
        long[] args = new long[6];
        for (int a = 0; a < 6; a++) {
          args[a] = switch (random.nextInt(4)) {
            case 0 -> forge(random, handles.get(random.nextInt(handles.size())));
            case 1 -> pointers.get(random.nextInt(pointers.size())) + random.nextInt(-8, 9);
            case 2 -> length(random);
            default -> random.nextLong();
          };
        }
        String where = "seed " + seed + ", call " + call + ": 0x" + Long.toHexString(number)
            + Arrays.toString(args);
        long result;
        try {
          result = vmm.hypercalls().dispatch(
              mallory, number, args[0], args[1], args[2], args[3], args[4], args[5]);
        } catch (RuntimeException e) {
          throw new AssertionError(where + " threw in the host", e);
        }
        assertThat(result >= 0 || HypercallError.of(result) != null)
            .as("%s returned %d, not a documented code", where, result).isTrue();
      }

      assertThat(vmm.hypercalls().internalErrors()).as("seed %d", seed).isZero();
      assertThat(vmm.objects().resolve(alice, VmmKinds.CHANNEL, alices.handle()))
          .as("seed %d", seed).isSameAs(alices);
      assertThat(vmm.guest(alice.id())).as("seed %d", seed).containsSame(alice);
      byte[] got = new byte[64];
      assertThat(alices.poll(got, 0, 64)).as("seed %d", seed).isEqualTo(up.length);
      assertThat(Arrays.copyOf(got, up.length)).as("seed %d", seed).isEqualTo(up);
      assertThat(aliceSide.read(got, 0, 64)).as("seed %d", seed).isEqualTo(down.length);
      assertThat(Arrays.copyOf(got, down.length)).as("seed %d", seed).isEqualTo(down);
      assertThat(alice.state()).isEqualTo(GuestState.CREATED);
    }
  }

  /** Where the running guest finds its calls (a7, then a0..a5) and leaves their results. */
  private static final long CALL_TABLE = GuestConfig.RAM_BASE + 0x1000;
  private static final long RESULTS = 0x6_0000;
  private static final int RUNNING_CALLS = 4096;

  /**
   * The same hostility from a running guest: a machine-code program loads each call's number
   * and six arguments from a table in its RAM, makes the {@code ecall} and stores {@code a0},
   * while a second guest runs beside it. Every result is a success or a documented code, the
   * hostile guest runs to its own exit, and the other finishes untouched.
   */
  @ParameterizedTest
  @ValueSource(longs = {4, 0xEC0})
  void ecallsFromARunningGuestGetErrorCodesAndHarmNobody(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    try (Vmm vmm = Vmm.builder().build()) {
      Guest alice = vmm.create(Guests.config("alice")
          .program(Guests.program(Rv.concat(Rv.countDown(0x100), Rv.exit(7)))).build());
      Guest mallory =
          vmm.create(Guests.config("mallory").program(Guests.program(callLoop())).build());
      HostChannel alices = vmm.openChannel(alice, "alice", 256);
      HostChannel own = vmm.openChannel(mallory, "own", 256);
      List<Long> handles = List.of(alices.handle(), own.handle(), alice.id(), mallory.id(), 0L);
      List<Long> pointers = new ArrayList<>(List.of(0L, -1L, GuestConfig.CODE_BASE,
          GuestConfig.RAM_BASE, GuestConfig.HEAP_BASE, 1L << 47, Guests.buffer(alice, 64)));
      for (int i = 0; i < 6; i++) {
        long buffer = Guests.buffer(mallory, 32 << i);
        pointers.add(buffer);
        pointers.add(buffer ^ (1L << (48 + random.nextInt(16))));
      }
      long[] table = new long[RUNNING_CALLS * 7];
      for (int i = 0; i < table.length; i++) {
        table[i] = i % 7 == 0
            ? number(random, 4)
            : switch (random.nextInt(4)) {
              case 0 -> forge(random, handles.get(random.nextInt(handles.size())));
              case 1 -> pointers.get(random.nextInt(pointers.size())) + random.nextInt(-8, 9);
              case 2 -> length(random);
              default -> random.nextLong();
            };
      }
      MemorySegment.copy(table, 0, mallory.memory().physical(), ValueLayout.JAVA_LONG_UNALIGNED,
          CALL_TABLE, table.length);

      vmm.start(alice);
      vmm.start(mallory);

      assertThat(mallory.awaitExit(Guests.WAIT)).as("seed %d", seed)
          .contains(new GuestExit.Exited(0));
      assertThat(alice.awaitExit(Guests.WAIT)).as("seed %d", seed)
          .contains(new GuestExit.Exited(7));
      for (int call = 0; call < RUNNING_CALLS; call++) {
        long result = mallory.memory().physical()
            .get(ValueLayout.JAVA_LONG_UNALIGNED, RESULTS + 8L * call);
        assertThat(result >= 0 || HypercallError.of(result) != null)
            .as("seed %d, call %d: 0x%x%s returned %d, not a documented code", seed, call,
                table[call * 7], Arrays.toString(Arrays.copyOfRange(table, call * 7 + 1,
                    call * 7 + 7)), result)
            .isTrue();
      }
      assertThat(vmm.hypercalls().internalErrors()).as("seed %d", seed).isZero();
      assertThat(vmm.objects().resolve(alice, VmmKinds.CHANNEL, alices.handle()))
          .as("seed %d", seed).isSameAs(alices);
    }
  }

  /**
   * For each of {@link #RUNNING_CALLS} records of seven longs at {@link #CALL_TABLE}: a7 and
   * a0..a5 from the record, {@code ecall}, a0 to the next slot at {@link #RESULTS}; then exit(0).
   */
  private static int[] callLoop() {
    int[] argumentRegisters = {Rv.A7, Rv.A0, Rv.A1, Rv.A2, Rv.A3, Rv.A4, Rv.A5};
    int[] loads = new int[7];
    for (int a = 0; a < 7; a++) {
      loads[a] = Rv.ld(argumentRegisters[a], Rv.S0, 8 * a);
    }
    int[] body = Rv.concat(loads, new int[] {
        Rv.ecall(),
        Rv.sd(Rv.A0, Rv.S2, 0),
        Rv.addi(Rv.S0, Rv.S0, 56),
        Rv.addi(Rv.S2, Rv.S2, 8),
        Rv.addi(Rv.S1, Rv.S1, -1)});
    return Rv.concat(
        new int[] {
            Rv.lui(Rv.S0, (int) (CALL_TABLE >>> 12)),
            Rv.lui(Rv.S1, RUNNING_CALLS >>> 12),
            Rv.lui(Rv.S2, (int) (RESULTS >>> 12))},
        body,
        new int[] {Rv.bne(Rv.S1, Rv.ZERO, -4 * body.length)},
        Rv.exit(0));
  }

  /**
   * Mostly a served number; one in ten anywhere in the block, or up to {@code outside} numbers
   * beside it.
   */
  private static long number(SplittableRandom random, int outside) {
    return random.nextInt(10) == 0
        ? HypercallAbi.BASE + random.nextInt(-outside, HypercallAbi.COUNT + outside)
        : SERVED[random.nextInt(SERVED.length)];
  }

  /** A handle as a hostile guest would bend it: as is, or with a field changed. */
  private static long forge(SplittableRandom random, long handle) {
    return switch (random.nextInt(5)) {
      case 0 -> handle;
      case 1 -> handle ^ (1L << HandleLayout.GENERATION_SHIFT); // stale or future generation
      case 2 -> handle + 1; // a neighbouring index
      case 3 -> handle ^ (1L << random.nextInt(63)); // any one bit
      default -> random.nextLong() & Long.MAX_VALUE;
    };
  }

  private static long length(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> random.nextInt(1, 65);
      case 2 -> random.nextInt(65, 4096);
      case 3 -> -random.nextInt(1, 100);
      case 4 -> HypercallAbi.MAX_TRANSFER + random.nextInt(0, 2);
      default -> random.nextLong();
    };
  }
}

package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random host and guest operations on one channel against two bounded queues with close flags.
 * Each failure names the seed and the step; rerun that seed to replay it.
 */
class ChannelModelTest {
  private static final int STEPS = 3000;

  /** One direction: a bounded FIFO, and whether its writer and reader have ended. */
  private static final class Direction {
    final int capacity;
    final ArrayDeque<Byte> bytes = new ArrayDeque<>();
    boolean writerClosed;

    Direction(int capacity) {
      this.capacity = capacity;
    }

    int write(byte[] data, int length) {
      int n = Math.min(length, capacity - bytes.size());
      for (int i = 0; i < n; i++) {
        bytes.add(data[i]);
      }
      return n;
    }

    byte[] read(int length) {
      byte[] out = new byte[Math.min(length, bytes.size())];
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes.poll();
      }
      return out;
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234, 0xC0FFEE, 77, 2026})
  void matchesTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int capacity = 64 << random.nextInt(4);
    try (Vmm vmm = Vmm.builder().build()) {
      Guest guest = vmm.create(Guests.config("model-" + seed).build());
      HostChannel channel = vmm.openChannel(guest, "model", capacity);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 4 * capacity);
      Direction down = new Direction(capacity);
      Direction up = new Direction(capacity);

      for (int step = 0; step < STEPS; step++) {
        String where = "seed " + seed + ", step " + step + ", capacity " + capacity;
        int length = random.nextInt(8) == 0 ? 0 : random.nextInt(1, 2 * capacity + 2);
        byte[] data = new byte[length];
        random.nextBytes(data);
        byte[] into = new byte[length];
        int op = random.nextInt(100);
        if (op < 25) {
          if (down.writerClosed) {
            assertThatThrownBy(() -> channel.offer(data, 0, length)).as(where)
                .isInstanceOf(ChannelClosedException.class);
          } else {
            assertThat(channel.offer(data, 0, length)).as(where).isEqualTo(down.write(data, length));
          }
        } else if (op < 50) {
          long expected = up.writerClosed ? HypercallError.CLOSED.code()
              : length > 0 && up.bytes.size() == capacity ? HypercallError.AGAIN.code()
              : up.write(data, length);
          assertThat(side.write(data, 0, length)).as(where).isEqualTo(expected);
        } else if (op < 74) {
          byte[] expected = up.read(length);
          int result = channel.poll(into, 0, length);
          int expectedResult = expected.length == 0 && length > 0 && up.writerClosed ? -1
              : expected.length;
          assertThat(result).as(where).isEqualTo(expectedResult);
          assertThat(Arrays.copyOf(into, Math.max(result, 0))).as(where).isEqualTo(expected);
        } else if (op < 98) {
          byte[] expected = down.read(length);
          long result = side.read(into, 0, length);
          long expectedResult = expected.length > 0 || length == 0 ? expected.length
              : down.writerClosed ? 0 : HypercallError.AGAIN.code();
          assertThat(result).as(where).isEqualTo(expectedResult);
          assertThat(Arrays.copyOf(into, (int) Math.max(result, 0))).as(where).isEqualTo(expected);
        } else if (op == 98) {
          channel.shutdownOutput();
          down.writerClosed = true;
        } else {
          assertThat(side.shutdown()).as(where).isZero();
          up.writerClosed = true;
        }
      }
      assertThat(vmm.hypercalls().internalErrors()).as("seed %d", seed).isZero();
    }
  }
}

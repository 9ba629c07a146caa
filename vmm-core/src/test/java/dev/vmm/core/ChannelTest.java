package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private final Vmm vmm = Vmm.builder().build();
  private final Guest guest = vmm.create(Guests.config("channels").build());

  @AfterEach
  void close() {
    assertThat(vmm.hypercalls().internalErrors()).isZero();
    vmm.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class Opening {
    @Test
    void theGuestFindsTheHostsChannelByName() {
      HostChannel channel = vmm.openChannel(guest, "update", 64);
      byte[] name = bytes("update");
      long buffer = Guests.buffer(guest, 16);
      guest.memory().copyIn(buffer, name, 0, name.length);
      assertThat(vmm.hypercalls().dispatch(guest, HypercallAbi.CHANNEL_OPEN, buffer, name.length,
          0, 0, 0, 0)).isEqualTo(channel.handle());
      assertThat(channel.owner()).isSameAs(guest);
      assertThat(channel.capacity()).isEqualTo(64);
    }

    @Test
    void badCapacitiesAndDuplicateNamesAreRefused() {
      vmm.openChannel(guest, "one", 64);
      assertThatThrownBy(() -> vmm.openChannel(guest, "one", 64))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one'");
      assertThatThrownBy(() -> vmm.openChannel(guest, "two", 100))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
      assertThatThrownBy(() -> vmm.openChannel(guest, "three", 32))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }

    @Test
    void aHeapTooSmallForTheRingsIsAClearError() {
      assertThatThrownBy(() -> vmm.openChannel(guest, "huge", 1 << 24))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot hold");
    }
  }

  @Nested
  class Backpressure {
    @Test
    void aFullRingGivesTheGuestAgainAndTheHostZero() {
      HostChannel channel = vmm.openChannel(guest, "full", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 128);
      byte[] block = new byte[100];

      assertThat(side.write(block, 0, 100)).isEqualTo(64);
      assertThat(side.write(block, 0, 1)).isEqualTo(HypercallError.AGAIN.code());
      assertThat(channel.offer(block, 0, 100)).isEqualTo(64);
      assertThat(channel.offer(block, 0, 1)).isZero();
    }

    @Test
    void anEmptyRingGivesTheGuestAgainAndTheHostZero() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "empty", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      assertThat(side.read(new byte[8], 0, 8)).isEqualTo(HypercallError.AGAIN.code());
      assertThat(channel.poll(new byte[8], 0, 8)).isZero();
      assertThat(channel.read(new byte[8], 0, 8, Duration.ZERO)).isZero();
    }

    @Test
    void aBlockedHostWriterFinishesAsTheGuestReads() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "blocked", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 256);
      byte[] data = new byte[1000];
      new java.util.SplittableRandom(1).nextBytes(data);
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          channel.write(data, 0, data.length, Guests.WAIT);
          channel.shutdownOutput();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
      byte[] chunk = new byte[256];
      long n;
      while ((n = side.read(chunk, 0, chunk.length)) != 0) {
        if (n > 0) {
          received.write(chunk, 0, (int) n);
        } else {
          assertThat(n).isEqualTo(HypercallError.AGAIN.code());
          Thread.onSpinWait();
        }
      }
      writer.join();
      assertThat(received.toByteArray()).isEqualTo(data);
    }
  }

  @Nested
  class AsyncWaits {
    @Test
    void readableCompletesWhenTheGuestWrites() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "async-read", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      java.util.concurrent.CompletableFuture<Void> readable = channel.readable();
      assertThat(readable).isNotDone();

      side.write(bytes("ping"), 0, 4);

      readable.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(channel.poll(new byte[8], 0, 8)).isEqualTo(4);
      assertThat(channel.readable()).isNotDone();
    }

    @Test
    void writableCompletesWhenTheGuestMakesRoom() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "async-write", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      assertThat(channel.writable()).isDone();
      channel.offer(new byte[64], 0, 64);
      java.util.concurrent.CompletableFuture<Void> writable = channel.writable();
      assertThat(writable).isNotDone();

      side.read(new byte[1], 0, 1);

      writable.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(channel.offer(new byte[8], 0, 8)).isEqualTo(1);
    }

    @Test
    void waitersCompleteWhenTheOtherSideCloses() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "async-close", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      java.util.concurrent.CompletableFuture<Void> readable = channel.readable();

      side.shutdown();

      readable.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(channel.poll(new byte[8], 0, 8)).isEqualTo(-1);
    }
  }

  @Nested
  class Closing {
    @Test
    void theHostReadsEverythingTheGuestWroteThenEndOfStream() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "eof-up", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      side.write(bytes("last words"), 0, 10);
      assertThat(side.shutdown()).isZero();
      assertThat(side.write(bytes("more"), 0, 4)).isEqualTo(HypercallError.CLOSED.code());

      byte[] into = new byte[64];
      assertThat(channel.read(into, 0, 64, Guests.WAIT)).isEqualTo(10);
      assertThat(new String(into, 0, 10, StandardCharsets.UTF_8)).isEqualTo("last words");
      assertThat(channel.read(into, 0, 64, Guests.WAIT)).isEqualTo(-1);
    }

    @Test
    void theGuestReadsEverythingTheHostWroteThenEndOfStream() {
      HostChannel channel = vmm.openChannel(guest, "eof-down", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      channel.offer(bytes("bye"), 0, 3);
      channel.shutdownOutput();
      assertThatThrownBy(() -> channel.offer(bytes("x"), 0, 1))
          .isInstanceOf(ChannelClosedException.class).hasMessageContaining("eof-down");

      byte[] into = new byte[8];
      assertThat(side.read(into, 0, 8)).isEqualTo(3);
      assertThat(side.read(into, 0, 8)).isZero();
    }

    @Test
    void aGuestCloseRetiresTheHandleAndRefusesTheHostsWrites() {
      HostChannel channel = vmm.openChannel(guest, "closed", 64);
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);
      assertThat(side.close()).isZero();
      assertThat(side.close()).isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThat(side.read(new byte[4], 0, 4)).isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThatThrownBy(() -> channel.offer(new byte[4], 0, 4))
          .isInstanceOf(ChannelClosedException.class);
      channel.close();
      assertThatThrownBy(() -> channel.poll(new byte[4], 0, 4))
          .isInstanceOf(ChannelClosedException.class).hasMessageContaining("host closed");
    }

    @Test
    void aStoppedGuestsDataStaysReadableUntilDestroyed() throws Exception {
      HostChannel channel = vmm.openChannel(guest, "after-stop", 64);
      new GuestSide(vmm, guest, channel.handle(), 64).write(bytes("kept"), 0, 4);
      vmm.start(guest);
      vmm.stop(guest);

      byte[] into = new byte[8];
      assertThat(channel.read(into, 0, 8, Guests.WAIT)).isEqualTo(4);
      assertThat(channel.read(into, 0, 8, Guests.WAIT)).isEqualTo(-1);
      vmm.destroy(guest);
      assertThatThrownBy(() -> channel.poll(into, 0, 8))
          .isInstanceOf(ChannelClosedException.class).hasMessageContaining("destroyed");
    }

    @Test
    void ringsTheGuestFreedBreakOnlyTheirChannel() {
      HostChannel channel = vmm.openChannel(guest, "spoiled", 64);
      HostChannel healthy = vmm.openChannel(guest, "healthy", 64);
      // The guest could guess the 16-bit tags; the test takes them from the allocation table.
      guest.memory().leaks().allocations().stream().limit(2)
          .forEach(ring -> guest.memory().free(ring.pointer(), 0));
      GuestSide side = new GuestSide(vmm, guest, channel.handle(), 64);

      assertThatThrownBy(() -> channel.offer(new byte[4], 0, 4))
          .isInstanceOf(ChannelClosedException.class).hasMessageContaining("ring memory");
      assertThat(side.write(new byte[4], 0, 4)).isEqualTo(HypercallError.FAULT.code());
      assertThat(healthy.offer(new byte[4], 0, 4)).isEqualTo(4);
    }
  }
}

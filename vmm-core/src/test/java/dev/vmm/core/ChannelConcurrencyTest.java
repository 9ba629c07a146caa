package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both directions at once, each with its own producer and consumer thread: every byte arrives,
 * once, in order, counted exactly and checksummed.
 */
class ChannelConcurrencyTest {
  private static final int BYTES = 2 << 20;

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void everyByteArrivesOnceInOrderBothWays(long seed) throws Exception {
    byte[] down = new byte[BYTES];
    byte[] up = new byte[BYTES];
    new SplittableRandom(seed).nextBytes(down);
    new SplittableRandom(~seed).nextBytes(up);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (Vmm vmm = Vmm.builder().build()) {
      Guest guest = vmm.create(Guests.config("concurrent-" + seed).memorySize(8 << 20).build());
      HostChannel channel = vmm.openChannel(guest, "bulk", 4096);
      GuestSide reader = new GuestSide(vmm, guest, channel.handle(), 3000);
      GuestSide writer = new GuestSide(vmm, guest, channel.handle(), 3000);

      CompletableFuture<Void> hostWrites = CompletableFuture.runAsync(() -> {
        SplittableRandom random = new SplittableRandom(seed + 1);
        int at = 0;
        while (at < BYTES) {
          int from = at;
          int n = Math.min(random.nextInt(1, 5000), BYTES - at);
          assertThat(interruptibly(() -> channel.write(down, from, n, Guests.WAIT)))
              .as("seed %d: host write finished", seed).isTrue();
          at += n;
        }
        channel.shutdownOutput();
      }, threads);
      CompletableFuture<byte[]> guestReads = CompletableFuture.supplyAsync(() -> {
        byte[] received = new byte[BYTES + 1];
        int at = 0;
        long n;
        while ((n = reader.read(received, at, Math.min(3000, received.length - at))) != 0) {
          if (n > 0) {
            at += (int) n;
          } else if (n == HypercallError.AGAIN.code()) {
            Thread.onSpinWait();
          } else {
            throw new AssertionError("seed " + seed + ": guest read returned " + n);
          }
        }
        return java.util.Arrays.copyOf(received, at);
      }, threads);
      CompletableFuture<Void> guestWrites = CompletableFuture.runAsync(() -> {
        SplittableRandom random = new SplittableRandom(seed + 2);
        int at = 0;
        while (at < BYTES) {
          int n = Math.min(random.nextInt(1, 3000), BYTES - at);
          long written = writer.write(up, at, n);
          if (written > 0) {
            at += (int) written;
          } else if (written == HypercallError.AGAIN.code()) {
            Thread.onSpinWait();
          } else {
            throw new AssertionError("seed " + seed + ": guest write returned " + written);
          }
        }
        writer.shutdown();
      }, threads);
      CompletableFuture<byte[]> hostReads = CompletableFuture.supplyAsync(() -> {
        byte[] received = new byte[BYTES + 1];
        int at = 0;
        while (true) {
          int from = at;
          int n = interruptibly(() -> channel.read(
              received, from, Math.min(5000, received.length - from), Guests.WAIT));
          if (n == -1) {
            break;
          }
          at += n;
        }
        return java.util.Arrays.copyOf(received, at);
      }, threads);

      hostWrites.get(60, TimeUnit.SECONDS);
      guestWrites.get(60, TimeUnit.SECONDS);
      byte[] guestGot = guestReads.get(60, TimeUnit.SECONDS);
      byte[] hostGot = hostReads.get(60, TimeUnit.SECONDS);

      assertThat(guestGot.length).as("seed %d: bytes down", seed).isEqualTo(BYTES);
      assertThat(hostGot.length).as("seed %d: bytes up", seed).isEqualTo(BYTES);
      assertThat(crc(guestGot)).as("seed %d: checksum down", seed).isEqualTo(crc(down));
      assertThat(crc(hostGot)).as("seed %d: checksum up", seed).isEqualTo(crc(up));
      assertThat(guestGot).as("seed %d", seed).isEqualTo(down);
      assertThat(hostGot).as("seed %d", seed).isEqualTo(up);
      assertThat(vmm.hypercalls().internalErrors()).isZero();
    } finally {
      threads.shutdownNow();
    }
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  @FunctionalInterface
  private interface Blocking<T> {
    T get() throws InterruptedException;
  }

  private static <T> T interruptibly(Blocking<T> call) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

package dev.vmm.update.internal.guest;

import dev.vmm.core.GuestChannel;
import dev.vmm.core.HypercallError;
import dev.vmm.update.GuestUpdatePhase;
import dev.vmm.update.UpdateAbi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * Sends a VMM payload down a transfer channel as frames (offset, length, CRC32C, data), from the
 * offset the VMM said it holds to the end, then ends the stream. Waits on the channel's
 * {@code writable()} future when the ring is full instead of spinning.
 */
final class PayloadSender {
  /** Data per frame: big enough to amortise the calls, small enough for the guest's heap. */
  static final int FRAME_DATA = 256 << 10;

  private final GuestChannel channel;
  private final ProgressReporter progress;
  private final byte[] frame = new byte[UpdateAbi.FRAME_HEADER_SIZE + FRAME_DATA];
  private final ByteBuffer header = ByteBuffer.wrap(frame, 0, UpdateAbi.FRAME_HEADER_SIZE)
      .order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();

  PayloadSender(GuestChannel channel, ProgressReporter progress) {
    this.channel = channel;
    this.progress = progress;
  }

  /**
   * Sends {@code payload}, which starts at {@code from}, up to {@code length}.
   *
   * @return 0, or the negative code a write failed with ({@code -EPIPE}: the VMM closed the
   *     channel, STATUS says why)
   */
  long send(InputStream payload, long from, long length) throws IOException, InterruptedException {
    long offset = from;
    while (offset < length) {
      int n = payload.readNBytes(frame, UpdateAbi.FRAME_HEADER_SIZE,
          (int) Math.min(FRAME_DATA, length - offset));
      if (n == 0) {
        throw new IOException("the package's VMM payload ends at " + offset + " of " + length + " bytes");
      }
      crc.reset();
      crc.update(frame, UpdateAbi.FRAME_HEADER_SIZE, n);
      header.putLong(0, offset).putInt(8, n).putInt(12, (int) crc.getValue());
      long written = writeAll(UpdateAbi.FRAME_HEADER_SIZE + n);
      if (written < 0) {
        return written;
      }
      offset += n;
      progress.progress(GuestUpdatePhase.TRANSFERRING, offset, length);
    }
    long shutdown = channel.shutdownOutput();
    return shutdown < 0 ? shutdown : 0;
  }

  private long writeAll(int length) throws InterruptedException {
    int off = 0;
    while (off < length) {
      long n = channel.write(frame, off, length - off);
      if (n > 0) {
        off += (int) n;
      } else if (n == HypercallError.AGAIN.code()) {
        awaitRoom();
      } else if (n < 0) {
        return n;
      }
    }
    return off;
  }

  private void awaitRoom() throws InterruptedException {
    try {
      channel.writable().get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Either way the next write tells what holds: room, still full, or closed.
    }
  }
}

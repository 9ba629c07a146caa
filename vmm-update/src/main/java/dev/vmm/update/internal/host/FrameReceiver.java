package dev.vmm.update.internal.host;

import dev.vmm.core.ChannelClosedException;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallError;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateRejectedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * Reads frames from a transfer channel and stages them: header (offset, length, CRC32C), then the
 * data. Everything in a frame is the guest's word: a length beyond {@link UpdateAbi#MAX_FRAME_DATA}
 * ends the transfer before any data is read, and the staging session checks offset, signed length
 * and CRC32C. The first refusal closes the channel and is kept for STATUS; the staged prefix
 * stays, so the guest can begin again and resume.
 */
final class FrameReceiver implements Runnable {
  private static final System.Logger LOG = System.getLogger(FrameReceiver.class.getName());
  /** A guest that stops sending for this long loses the channel; it can begin again. */
  private static final Duration IDLE = Duration.ofMinutes(5);

  private final TransferSession session;
  private final HostChannel channel;
  private final byte[] header = new byte[UpdateAbi.FRAME_HEADER_SIZE];
  private final byte[] data = new byte[UpdateAbi.MAX_FRAME_DATA];

  FrameReceiver(TransferSession session, HostChannel channel) {
    this.session = session;
    this.channel = channel;
  }

  @Override
  public void run() {
    try {
      ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      while (true) {
        int got = readFully(header, UpdateAbi.FRAME_HEADER_SIZE);
        if (got == 0) {
          session.drained();
          return;
        }
        if (got < UpdateAbi.FRAME_HEADER_SIZE) {
          session.failed(HypercallError.INVALID.code(), "the stream ended inside a frame header");
          return;
        }
        long offset = fields.getLong(0);
        int length = fields.getInt(8);
        int crc = fields.getInt(12);
        if (length <= 0 || length > UpdateAbi.MAX_FRAME_DATA) {
          session.failed(HypercallError.INVALID.code(), "frame at offset " + offset + " claims "
              + Integer.toUnsignedString(length) + " bytes; a frame carries 1.." + UpdateAbi.MAX_FRAME_DATA);
          return;
        }
        if (readFully(data, length) < length) {
          session.failed(HypercallError.INVALID.code(), "the stream ended inside the frame at offset " + offset);
          return;
        }
        session.staging().accept(offset, ByteBuffer.wrap(data, 0, length), crc);
      }
    } catch (UpdateRejectedException e) {
      session.failed(UpdateAbi.rejectionCode(e.reason()), e.getMessage());
    } catch (ChannelClosedException e) {
      session.failed(HypercallError.CLOSED.code(), "the transfer channel closed: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "staging failed", e);
      session.failed(HypercallError.INTERNAL.code(), "staging failed: " + e);
    } catch (InterruptedException e) {
      session.failed(HypercallError.CLOSED.code(), "the transfer was interrupted");
    }
  }

  /** Reads up to {@code length} bytes; fewer only at end of stream (or an idle guest). */
  private int readFully(byte[] into, int length) throws InterruptedException {
    int got = 0;
    while (got < length) {
      int n = channel.read(into, got, length - got, IDLE);
      if (n < 0) {
        return got;
      }
      if (n == 0) {
        throw new ChannelClosedException("no byte from the guest for " + IDLE);
      }
      got += n;
    }
    return got;
  }
}

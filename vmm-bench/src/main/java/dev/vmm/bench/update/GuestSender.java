package dev.vmm.bench.update;

import dev.vmm.core.Guest;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.memory.GuestMemory;
import dev.vmm.update.UpdateAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The guest's half of a transfer, made of the same hypercalls the updater makes (BEGIN, frames
 * through the channel's bounce buffer, COMPLETE, ABORT), driven through the dispatcher.
 */
final class GuestSender {
  static final int FRAME_DATA = 256 << 10;

  private final HypercallDispatcher dispatcher;
  private final Guest guest;
  private final GuestMemory memory;
  private final long buffer;
  private final byte[] frame = new byte[UpdateAbi.FRAME_HEADER_SIZE + FRAME_DATA];
  private final ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();

  GuestSender(HypercallDispatcher dispatcher, Guest guest) {
    this.dispatcher = dispatcher;
    this.guest = guest;
    this.memory = guest.memory();
    this.buffer = memory.malloc(frame.length, 0);
  }

  private long call(long number, long a0, long a1, long a2) {
    return dispatcher.dispatch(guest, number, a0, a1, a2, 0, 0, 0);
  }

  /** Sends the whole payload from 0 and completes; returns the session, ready to abort or commit. */
  long transfer(byte[] signedHeader, byte[] payload) {
    long headerBuffer = memory.malloc(signedHeader.length + UpdateAbi.BEGIN_OUT_SIZE, 0);
    memory.copyIn(headerBuffer, signedHeader, 0, signedHeader.length);
    long session = call(UpdateAbi.BEGIN, headerBuffer, signedHeader.length, headerBuffer + signedHeader.length);
    memory.free(headerBuffer, 0);
    check("BEGIN", session);
    byte[] name = UpdateAbi.channelName(session).getBytes(StandardCharsets.UTF_8);
    memory.copyIn(buffer, name, 0, name.length);
    long channel = call(HypercallAbi.CHANNEL_OPEN, buffer, name.length, 0);
    check("CHANNEL_OPEN", channel);
    for (int offset = 0; offset < payload.length; offset += FRAME_DATA) {
      int n = Math.min(FRAME_DATA, payload.length - offset);
      System.arraycopy(payload, offset, frame, UpdateAbi.FRAME_HEADER_SIZE, n);
      crc.reset();
      crc.update(frame, UpdateAbi.FRAME_HEADER_SIZE, n);
      header.putLong(0, offset).putInt(8, n).putInt(12, (int) crc.getValue());
      write(channel, UpdateAbi.FRAME_HEADER_SIZE + n);
    }
    call(HypercallAbi.CHANNEL_SHUTDOWN, channel, 0, 0);
    long complete;
    while ((complete = call(UpdateAbi.COMPLETE, session, 0, 0)) == HypercallError.AGAIN.code()) {
      Thread.yield();
    }
    check("COMPLETE", complete);
    call(HypercallAbi.CHANNEL_CLOSE, channel, 0, 0);
    return session;
  }

  /** One frame through the bounce buffer in the guest's heap, as GuestChannel.write does it. */
  private void write(long channel, int length) {
    memory.copyIn(buffer, frame, 0, length);
    int off = 0;
    while (off < length) {
      long n = call(HypercallAbi.CHANNEL_WRITE, channel, buffer + off, length - off);
      if (n == HypercallError.AGAIN.code()) {
        Thread.yield();
      } else {
        check("CHANNEL_WRITE", n);
        off += (int) n;
      }
    }
  }

  void abort(long session) {
    check("ABORT", call(UpdateAbi.ABORT, session, 0, 0));
  }

  long commit(long session, byte[] manifestDigest) {
    memory.copyIn(buffer, manifestDigest, 0, manifestDigest.length);
    return call(UpdateAbi.COMMIT, session, buffer, manifestDigest.length);
  }

  private static void check(String call, long result) {
    if (result < 0) {
      throw new IllegalStateException(call + " returned " + result);
    }
  }
}

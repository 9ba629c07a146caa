package dev.vmm.update;

import dev.vmm.core.Guest;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallError;
import dev.vmm.core.Vmm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** A guest driven call by call from the test, as a compromised guest kernel would drive the ABI. */
final class HostileGuest {
  final Vmm vmm;
  final Guest guest;

  HostileGuest(Vmm vmm, Guest guest) {
    this.vmm = vmm;
    this.guest = guest;
  }

  long put(byte[] bytes) {
    long pointer = guest.memory().malloc(Math.max(1, bytes.length), 0);
    guest.memory().copyIn(pointer, bytes, 0, bytes.length);
    return pointer;
  }

  long call(long number, long a0, long a1, long a2) {
    return vmm.hypercalls().dispatch(guest, number, a0, a1, a2, 0, 0, 0);
  }

  long begin(byte[] header) {
    return call(UpdateAbi.BEGIN, put(header), header.length, put(new byte[UpdateAbi.BEGIN_OUT_SIZE]));
  }

  /** STATUS as {held, length, state, error}, once the VMM has dealt with everything sent. */
  long[] settledStatus(long session) throws InterruptedException {
    long out = put(new byte[UpdateAbi.STATUS_SIZE]);
    while (true) {
      long result = call(UpdateAbi.STATUS, session, out, 0);
      if (result < 0) {
        return new long[] {result};
      }
      byte[] bytes = new byte[UpdateAbi.STATUS_SIZE];
      guest.memory().copyOut(out, bytes, 0, bytes.length);
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      long[] status = {b.getLong(), b.getLong(), b.getInt(), b.getInt()};
      if (status[2] != UpdateAbi.STATE_RECEIVING) {
        return status;
      }
      Thread.sleep(1);
    }
  }

  long openTransfer(long session) {
    byte[] name = UpdateAbi.channelName(session).getBytes(StandardCharsets.UTF_8);
    return call(HypercallAbi.CHANNEL_OPEN, put(name), name.length, 0);
  }

  /** Writes a frame as the guest says it: any offset, any claimed length, a correct CRC32C. */
  void frame(long channel, long offset, int claimedLength, byte[] data) throws InterruptedException {
    CRC32C crc = new CRC32C();
    crc.update(data);
    ByteBuffer frame = ByteBuffer.allocate(UpdateAbi.FRAME_HEADER_SIZE + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(offset).putInt(claimedLength).putInt((int) crc.getValue()).put(data);
    write(channel, frame.array());
  }

  void write(long channel, byte[] bytes) throws InterruptedException {
    long buffer = put(bytes);
    int off = 0;
    while (off < bytes.length) {
      long n = call(HypercallAbi.CHANNEL_WRITE, channel, buffer + off, bytes.length - off);
      if (n == HypercallError.AGAIN.code()) {
        Thread.sleep(1);
      } else if (n < 0) {
        return;
      } else {
        off += (int) n;
      }
    }
  }

  long shutdown(long channel) {
    return call(HypercallAbi.CHANNEL_SHUTDOWN, channel, 0, 0);
  }

  long commit(long session, byte[] digest) {
    return call(UpdateAbi.COMMIT, session, put(digest), digest.length);
  }
}

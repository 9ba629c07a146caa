package dev.vmm.core;

/** A guest's end of a channel driven through the dispatcher's plain entry point, for tests. */
final class GuestSide {
  private final Vmm vmm;
  private final Guest guest;
  private final long handle;
  private final long buffer;

  GuestSide(Vmm vmm, Guest guest, long handle, int bufferSize) {
    this.vmm = vmm;
    this.guest = guest;
    this.handle = handle;
    this.buffer = Guests.buffer(guest, bufferSize);
  }

  long write(byte[] bytes, int offset, int length) {
    guest.memory().copyIn(buffer, bytes, offset, length);
    return call(HypercallAbi.CHANNEL_WRITE, length);
  }

  long read(byte[] bytes, int offset, int length) {
    long n = call(HypercallAbi.CHANNEL_READ, length);
    if (n > 0) {
      guest.memory().copyOut(buffer, bytes, offset, (int) n);
    }
    return n;
  }

  long shutdown() {
    return vmm.hypercalls().dispatch(guest, HypercallAbi.CHANNEL_SHUTDOWN, handle, 0, 0, 0, 0, 0);
  }

  long close() {
    return vmm.hypercalls().dispatch(guest, HypercallAbi.CHANNEL_CLOSE, handle, 0, 0, 0, 0, 0);
  }

  private long call(long number, int length) {
    return vmm.hypercalls().dispatch(guest, number, handle, buffer, length, 0, 0, 0);
  }
}

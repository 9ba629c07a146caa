package dev.vmm.core.internal;

import dev.vmm.core.GuestChannel;
import dev.vmm.core.HypercallAbi;
import java.util.Objects;

/** A Java guest's channel end: bytes bounce through one heap buffer of the guest's own. */
final class GuestChannelImpl implements GuestChannel {
  private final ExtensionContextImpl context;
  private final long handle;
  private final long buffer;
  private final int bufferSize;

  GuestChannelImpl(ExtensionContextImpl context, long handle, long buffer, int bufferSize) {
    this.context = context;
    this.handle = handle;
    this.buffer = buffer;
    this.bufferSize = bufferSize;
  }

  @Override
  public long handle() {
    return handle;
  }

  @Override
  public long write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int n = Math.min(length, bufferSize);
    context.memory().copyIn(buffer, bytes, offset, n);
    return context.hypercall(HypercallAbi.CHANNEL_WRITE, handle, buffer, n, 0, 0, 0);
  }

  @Override
  public long read(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int n = Math.min(length, bufferSize);
    long result = context.hypercall(HypercallAbi.CHANNEL_READ, handle, buffer, n, 0, 0, 0);
    if (result > 0) {
      context.memory().copyOut(buffer, bytes, offset, (int) result);
    }
    return result;
  }

  @Override
  public long shutdownOutput() {
    return context.hypercall(HypercallAbi.CHANNEL_SHUTDOWN, handle, 0, 0, 0, 0, 0);
  }

  @Override
  public void close() {
    context.hypercall(HypercallAbi.CHANNEL_CLOSE, handle, 0, 0, 0, 0, 0);
    context.memory().free(buffer, 0);
  }
}

package dev.vmm.core.internal;

import dev.vmm.core.GuestChannel;
import dev.vmm.core.HypercallAbi;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A Java guest's channel end: bytes bounce through one heap buffer of the guest's own. */
final class GuestChannelImpl implements GuestChannel {
  private final ExtensionContextImpl context;
  private final long handle;
  private final long buffer;
  private final int bufferSize;
  private final ChannelImpl channel;

  GuestChannelImpl(ExtensionContextImpl context, ChannelImpl channel, long handle, long buffer,
      int bufferSize) {
    this.context = context;
    this.channel = channel;
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
  public CompletableFuture<Void> readable() {
    return channel.guestReadable();
  }

  @Override
  public CompletableFuture<Void> writable() {
    return channel.guestWritable();
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

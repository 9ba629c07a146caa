package dev.vmm.core.internal;

import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.VmmKinds;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/** The guest's side of channels: open by name, write, read, shut down, close. */
final class ChannelService implements HypercallService {
  /** The longest channel name, in bytes. */
  static final int MAX_NAME = 256;

  private final ObjectTable objects;

  @Inject
  ChannelService(ObjectTable objects) {
    this.objects = objects;
  }

  @Override
  public String name() {
    return "channel";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(HypercallAbi.CHANNEL_OPEN, "open", ChannelService::open);
    registrar.register(HypercallAbi.CHANNEL_WRITE, "write", ChannelService::write);
    registrar.register(HypercallAbi.CHANNEL_READ, "read", ChannelService::read);
    registrar.register(HypercallAbi.CHANNEL_SHUTDOWN, "shutdown", ChannelService::shutdown);
    registrar.register(HypercallAbi.CHANNEL_CLOSE, "close", this::close);
  }

  private static long open(HypercallContext context, long namePointer, long nameLength, long a2,
      long a3, long a4, long a5) {
    byte[] bytes = new byte[context.length(nameLength, MAX_NAME)];
    context.read(namePointer, bytes, 0, bytes.length);
    String name = new String(bytes, StandardCharsets.UTF_8);
    ChannelImpl channel = ((GuestImpl) context.guest()).channel(name);
    if (channel == null) {
      throw new HypercallException(HypercallError.NOT_FOUND, "no channel '" + name + "'");
    }
    return channel.handle();
  }

  private static long write(HypercallContext context, long handle, long buffer, long length,
      long a3, long a4, long a5) {
    ChannelImpl channel = (ChannelImpl) context.resolve(VmmKinds.CHANNEL, handle);
    int n = channel.guestWrite(buffer, context.length(length, HypercallAbi.MAX_TRANSFER));
    if (n == ByteRing.CLOSED) {
      return HypercallError.CLOSED.code();
    }
    return n == 0 && length > 0 ? HypercallError.AGAIN.code() : n;
  }

  private static long read(HypercallContext context, long handle, long buffer, long length,
      long a3, long a4, long a5) {
    ChannelImpl channel = (ChannelImpl) context.resolve(VmmKinds.CHANNEL, handle);
    int n = channel.guestRead(buffer, context.length(length, HypercallAbi.MAX_TRANSFER));
    if (n == ByteRing.CLOSED) {
      return 0;
    }
    return n == 0 && length > 0 ? HypercallError.AGAIN.code() : n;
  }

  private static long shutdown(HypercallContext context, long handle, long a1, long a2, long a3,
      long a4, long a5) {
    ((ChannelImpl) context.resolve(VmmKinds.CHANNEL, handle)).guestShutdown();
    return 0;
  }

  private long close(HypercallContext context, long handle, long a1, long a2, long a3, long a4,
      long a5) {
    ChannelImpl channel = (ChannelImpl) objects.remove(context.guest(), VmmKinds.CHANNEL, handle);
    if (channel == null) {
      throw new HypercallException(HypercallError.BAD_HANDLE,
          "0x" + Long.toHexString(handle) + " is not a live channel of this guest");
    }
    ((GuestImpl) context.guest()).forgetChannel(channel);
    channel.guestClose();
    return 0;
  }
}

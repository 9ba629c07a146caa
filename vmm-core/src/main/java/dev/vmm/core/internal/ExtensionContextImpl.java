package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestChannel;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallDispatcher;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallException;
import dev.vmm.core.VmmKinds;
import dev.vmm.memory.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A plug-in's view of its guest: everything goes through the dispatcher, as for a program. */
final class ExtensionContextImpl implements GuestExtensionContext {
  private final GuestImpl guest;
  private final HypercallDispatcher dispatcher;
  private final PluginCatalog catalog;
  private final System.Logger logger;

  ExtensionContextImpl(GuestImpl guest, HypercallDispatcher dispatcher, PluginCatalog catalog,
      String plugin) {
    this.guest = guest;
    this.dispatcher = dispatcher;
    this.catalog = catalog;
    this.logger = System.getLogger("dev.vmm.guest." + guest.name() + "." + plugin);
  }

  @Override
  public Guest guest() {
    return guest;
  }

  @Override
  public GuestMemory memory() {
    return guest.memory();
  }

  @Override
  public long hypercall(long number, long a0, long a1, long a2, long a3, long a4, long a5) {
    return dispatcher.dispatch(guest, number, a0, a1, a2, a3, a4, a5);
  }

  @Override
  public <M> M module(Class<M> type, String name, Map<String, String> options) {
    return catalog.module(type, name, options);
  }

  @Override
  public GuestChannel openChannel(String name, int bufferSize) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (bufferSize < 1 || bufferSize > HypercallAbi.MAX_TRANSFER) {
      throw new IllegalArgumentException(
          "bufferSize must be 1 to " + HypercallAbi.MAX_TRANSFER + ": " + bufferSize);
    }
    GuestMemory memory = guest.memory();
    long buffer = memory.malloc(Math.max(bufferSize, nameBytes.length), 0);
    if (buffer == 0) {
      throw new HypercallException(HypercallError.NO_MEMORY,
          "guest '" + guest.name() + "' has no room for a " + bufferSize + "-byte buffer");
    }
    memory.copyIn(buffer, nameBytes, 0, nameBytes.length);
    long handle = hypercall(HypercallAbi.CHANNEL_OPEN, buffer, nameBytes.length, 0, 0, 0, 0);
    if (handle < 0) {
      memory.free(buffer, 0);
      throw new HypercallException(HypercallError.of(handle),
          "guest '" + guest.name() + "' cannot open channel '" + name + "'");
    }
    return new GuestChannelImpl(this,
        (ChannelImpl) guest.hypercallContext().resolve(VmmKinds.CHANNEL, handle), handle, buffer,
        bufferSize);
  }

  @Override
  public java.util.Map<String, String> settings() {
    return guest.config().settings();
  }

  @Override
  public System.Logger logger() {
    return logger;
  }
}

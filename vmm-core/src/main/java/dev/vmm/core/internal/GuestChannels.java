package dev.vmm.core.internal;

import dev.vmm.core.GuestState;
import dev.vmm.core.VmmKinds;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A guest's open channels by name, and their rings' allocation in its heap. */
final class GuestChannels {
  static final int MIN_CAPACITY = 64;
  static final int MAX_CAPACITY = 1 << 24;

  private final GuestImpl guest;
  private final ObjectTable objects;
  private final java.util.concurrent.Executor callbacks;
  private final Map<String, ChannelImpl> byName = new ConcurrentHashMap<>();

  GuestChannels(GuestImpl guest, ObjectTable objects, java.util.concurrent.Executor callbacks) {
    this.guest = guest;
    this.objects = objects;
    this.callbacks = callbacks;
  }

  ChannelImpl open(String name, int capacity) {
    if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("channel capacity must be a power of two from "
          + MIN_CAPACITY + " to " + MAX_CAPACITY + ": " + capacity);
    }
    if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > ChannelService.MAX_NAME) {
      throw new IllegalArgumentException("channel name must be 1 to " + ChannelService.MAX_NAME
          + " UTF-8 bytes: '" + name + "'");
    }
    GuestState state = guest.state();
    if (state == GuestState.STOPPED || state == GuestState.DESTROYED) {
      throw new IllegalStateException("cannot open channel '" + name + "': " + guest);
    }
    long toGuest = guest.memory().malloc(ByteRing.HEADER + capacity, 0);
    long toHost = toGuest == 0 ? 0 : guest.memory().malloc(ByteRing.HEADER + capacity, 0);
    if (toHost == 0) {
      guest.memory().free(toGuest, 0);
      throw new IllegalStateException("the heap of " + guest + " cannot hold two "
          + capacity + "-byte rings for channel '" + name + "'");
    }
    ChannelImpl channel = new ChannelImpl(guest, name, capacity,
        new ByteRing(guest.memory(), toGuest, capacity, callbacks),
        new ByteRing(guest.memory(), toHost, capacity, callbacks));
    // The handle exists before the name is published, so CHANNEL_OPEN never sees it unbound.
    channel.bind(objects.insert(VmmKinds.CHANNEL, channel));
    if (byName.putIfAbsent(name, channel) != null) {
      objects.remove(guest, VmmKinds.CHANNEL, channel.handle());
      guest.memory().free(toGuest, 0);
      guest.memory().free(toHost, 0);
      throw new IllegalArgumentException(guest + " already has a channel '" + name + "'");
    }
    return channel;
  }

  ChannelImpl find(String name) {
    return byName.get(name);
  }

  void forget(ChannelImpl channel) {
    byName.remove(channel.name(), channel);
  }

  void guestStopped() {
    byName.values().forEach(ChannelImpl::guestStopped);
  }

  /** Before the guest's memory goes: every channel closed, every handle retired. */
  void destroyAll() {
    objects.forEach(VmmKinds.CHANNEL, channel -> {
      if (channel.owner() == guest) {
        ((ChannelImpl) channel).destroy();
        objects.remove(guest, VmmKinds.CHANNEL, channel.handle());
      }
    });
    byName.values().forEach(ChannelImpl::destroy);
    byName.clear();
  }
}

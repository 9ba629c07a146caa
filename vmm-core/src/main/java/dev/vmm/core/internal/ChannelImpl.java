package dev.vmm.core.internal;

import dev.vmm.core.ChannelClosedException;
import dev.vmm.core.Guest;
import dev.vmm.core.HostChannel;
import dev.vmm.memory.MemoryViolationException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A channel: a ring towards the guest and a ring towards the host, both in the guest's heap. The
 * rings' memory is freed when both ends have closed, or with the guest's memory.
 */
final class ChannelImpl implements HostChannel {
  private final GuestImpl owner;
  private final String name;
  private final int capacity;
  private final ByteRing toGuest;
  private final ByteRing toHost;
  private volatile long handle;
  private volatile boolean hostClosed;
  private volatile boolean guestClosed;
  private volatile boolean destroyed;

  ChannelImpl(GuestImpl owner, String name, int capacity, ByteRing toGuest, ByteRing toHost) {
    this.owner = owner;
    this.name = name;
    this.capacity = capacity;
    this.toGuest = toGuest;
    this.toHost = toHost;
  }

  void bind(long handle) {
    this.handle = handle;
  }

  @Override
  public Guest owner() {
    return owner;
  }

  @Override
  public long handle() {
    return handle;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  // ---- Host side. ------------------------------------------------------------------------------

  @Override
  public int offer(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    checkHostOpen();
    int n;
    try {
      n = toGuest.write(bytes, offset, length);
    } catch (MemoryViolationException | IllegalStateException e) {
      throw spoiled(e);
    }
    if (n == ByteRing.CLOSED) {
      throw closed("the guest no longer reads it, or the host shut its side down");
    }
    return n;
  }

  @Override
  public boolean write(byte[] bytes, int offset, int length, Duration timeout)
      throws InterruptedException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    long nanos = ByteRing.nanos(timeout);
    int done = 0;
    while (true) {
      done += offer(bytes, offset + done, length - done);
      if (done == length) {
        return true;
      }
      if (nanos <= 0) {
        return false;
      }
      nanos = toGuest.awaitReady(false, nanos);
    }
  }

  @Override
  public int poll(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    checkHostOpen();
    try {
      return toHost.read(bytes, offset, length);
    } catch (MemoryViolationException | IllegalStateException e) {
      throw spoiled(e);
    }
  }

  @Override
  public int read(byte[] bytes, int offset, int length, Duration timeout)
      throws InterruptedException {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive: " + length);
    }
    long nanos = ByteRing.nanos(timeout);
    while (true) {
      int n = poll(bytes, offset, length);
      if (n != 0 || nanos <= 0) {
        return n;
      }
      nanos = toHost.awaitReady(true, nanos);
    }
  }

  @Override
  public CompletableFuture<Void> readable() {
    return toHost.whenReadable();
  }

  @Override
  public CompletableFuture<Void> writable() {
    return toGuest.whenWritable();
  }

  @Override
  public void shutdownOutput() {
    if (!destroyed) {
      quietly(toGuest::closeWriter);
    }
  }

  @Override
  public void close() {
    hostClosed = true;
    if (!destroyed) {
      quietly(toGuest::closeWriter);
      quietly(toHost::closeReader);
      freeIfBothClosed();
    }
  }

  // ---- Guest side, called by the channel hypercalls. ------------------------------------------

  /** Guest bytes towards the host: count, 0 if full, or {@link ByteRing#CLOSED}. */
  int guestWrite(long source, int length) {
    return toHost.write(source, length);
  }

  /** Host bytes into the guest: count, 0 if empty, or {@link ByteRing#CLOSED} at end. */
  int guestRead(long destination, int length) {
    return toGuest.read(destination, length);
  }

  CompletableFuture<Void> guestReadable() {
    return toGuest.whenReadable();
  }

  CompletableFuture<Void> guestWritable() {
    return toHost.whenWritable();
  }

  void guestShutdown() {
    toHost.closeWriter();
  }

  void guestClose() {
    guestClosed = true;
    quietly(toHost::closeWriter);
    quietly(toGuest::closeReader);
    freeIfBothClosed();
  }

  /** The guest stopped: its side ends as if it had shut down, so the host drains and sees EOF. */
  void guestStopped() {
    quietly(toHost::closeWriter);
    quietly(toGuest::closeReader);
  }

  /** The guest's memory is about to go: every later call sees the channel closed. */
  void destroy() {
    guestStopped();
    quietly(toGuest::closeWriter);
    quietly(toHost::closeReader);
    destroyed = true;
  }

  private void freeIfBothClosed() {
    if (hostClosed && guestClosed && !destroyed) {
      quietly(() -> {
        owner.memory().free(toGuest.base(), 0);
        owner.memory().free(toHost.base(), 0);
      });
    }
  }

  private void checkHostOpen() {
    if (hostClosed) {
      throw closed("the host closed it");
    }
    if (destroyed) {
      throw closed("its guest was destroyed");
    }
  }

  /** A ring the guest spoiled (freed, or reused its memory) fails the host's calls. */
  private ChannelClosedException spoiled(RuntimeException cause) {
    return closed("its ring memory is gone (" + cause.getMessage() + ")");
  }

  private static void quietly(Runnable action) {
    try {
      action.run();
    } catch (MemoryViolationException | IllegalStateException e) {
      // The ring's memory is gone or spoiled; the flags are already set, which is what matters.
    }
  }

  private ChannelClosedException closed(String why) {
    return new ChannelClosedException(
        "channel '" + name + "' of guest '" + owner.name() + "' is closed: " + why);
  }

  @Override
  public String toString() {
    return "channel '" + name + "' of guest '" + owner.name() + "'";
  }
}

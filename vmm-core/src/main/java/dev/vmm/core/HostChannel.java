package dev.vmm.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The host's end of a channel: two bounded byte rings in the guest's heap, one towards the guest
 * and one towards the host. The guest reaches the same channel through its handle
 * ({@link HypercallAbi#CHANNEL_OPEN} and friends); the VMM moves every byte through the guest's
 * checked memory.
 *
 * <p><b>Backpressure.</b> A ring holds {@link #capacity()} bytes. The guest never blocks: a full
 * ring gives it {@code -EAGAIN}. The host either offers ({@link #offer}, {@link #poll}: never
 * block) and, from an event loop, waits asynchronously ({@link #writable()}, {@link #readable()});
 * or waits on its thread ({@link #write}, {@link #read}: block until there is room or data).
 *
 * <p><b>Close.</b> Each direction ends on its own. {@link #shutdownOutput()} lets the guest read
 * everything already written and then end of stream; the guest's
 * {@link HypercallAbi#CHANNEL_SHUTDOWN} does the same towards the host, whose {@link #read} then
 * returns -1 after the last byte. No byte written before a shutdown is lost. When the guest
 * stops, its side shuts down the same way.
 *
 * <p><b>Threads.</b> Any number of host threads may call any method; each ring serialises its
 * callers with a short lock, held only while bytes are copied.
 */
public interface HostChannel extends GuestObject, AutoCloseable {
  /**
   * Returns the handle the guest names this channel by.
   *
   * @return the handle
   */
  long handle();

  /**
   * Returns the name the guest opens it by.
   *
   * @return the name
   */
  String name();

  /**
   * Returns how many bytes each direction buffers.
   *
   * @return the capacity of each ring
   */
  int capacity();

  /**
   * Writes as many bytes as fit now, without waiting.
   *
   * @param bytes the source
   * @param offset the first byte
   * @param length how many to write at most
   * @return how many were taken, 0 if the ring is full
   * @throws ChannelClosedException if the guest no longer reads or the host shut this side down
   */
  int offer(byte[] bytes, int offset, int length);

  /**
   * Writes all the bytes, waiting for room as the guest reads.
   *
   * @param bytes the source
   * @param offset the first byte
   * @param length how many
   * @param timeout how long to wait for room in total
   * @return whether all were written; on {@code false}, a prefix may have been
   * @throws ChannelClosedException if the guest stops reading before all are taken
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  boolean write(byte[] bytes, int offset, int length, Duration timeout)
      throws InterruptedException;

  /**
   * Reads what is there now, without waiting.
   *
   * @param bytes the destination
   * @param offset where the first byte goes
   * @param length how many at most
   * @return how many were read, 0 if none yet, -1 at end of stream
   * @throws ChannelClosedException if the host closed this channel
   */
  int poll(byte[] bytes, int offset, int length);

  /**
   * Reads at least one byte, waiting for the guest to write.
   *
   * @param bytes the destination
   * @param offset where the first byte goes
   * @param length how many at most, positive
   * @param timeout how long to wait
   * @return how many were read, -1 at end of stream, 0 if the time ran out
   * @throws ChannelClosedException if the host closed this channel
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  int read(byte[] bytes, int offset, int length, Duration timeout) throws InterruptedException;

  /**
   * Returns a future that completes once {@link #poll} has something to say: bytes, end of
   * stream, or a close. Completed already if so now. It completes on the VMM's callback
   * executor, never on a guest's thread; ask again after each poll that returns 0.
   *
   * @return the future
   */
  CompletableFuture<Void> readable();

  /**
   * Returns a future that completes once {@link #offer} can take bytes or will throw because the
   * channel closed. Completed already if so now; completes on the VMM's callback executor.
   *
   * @return the future
   */
  CompletableFuture<Void> writable();

  /** The host will write no more: the guest reads what is left, then end of stream. */
  void shutdownOutput();

  /**
   * Shuts the host's writing side down and stops reading: what the guest writes afterwards gets
   * {@code -EPIPE}. The guest still holds its handle until it closes it.
   */
  @Override
  void close();
}

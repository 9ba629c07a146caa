package dev.vmm.core;

import java.util.concurrent.CompletableFuture;

/**
 * The guest's end of a channel, for guest extensions written in Java: each call is the
 * corresponding hypercall, made through the dispatcher exactly as a guest program's {@code ecall}
 * would, with the bytes bounced through a buffer in the guest's heap.
 *
 * <p>Results are the hypercall's: a count, or a negative {@link HypercallError} code. Not safe
 * for use by several threads at once.
 */
public interface GuestChannel extends AutoCloseable {
  /**
   * Returns the channel's handle in the guest.
   *
   * @return the handle
   */
  long handle();

  /**
   * Writes up to {@code length} bytes without blocking ({@link HypercallAbi#CHANNEL_WRITE}).
   *
   * @param bytes the source
   * @param offset the first byte
   * @param length how many at most
   * @return how many were taken, or a negative error code ({@code -EAGAIN} when full)
   */
  long write(byte[] bytes, int offset, int length);

  /**
   * Reads up to {@code length} bytes without blocking ({@link HypercallAbi#CHANNEL_READ}).
   *
   * @param bytes the destination
   * @param offset where the first byte goes
   * @param length how many at most
   * @return how many were read, 0 at end of stream, or a negative error code
   */
  long read(byte[] bytes, int offset, int length);

  /**
   * Returns a future that completes once {@link #read} has bytes or end of stream for the guest,
   * so a Java guest can wait instead of retrying {@code -EAGAIN}. Completes on the VMM's callback
   * executor.
   *
   * @return the future
   */
  CompletableFuture<Void> readable();

  /**
   * Returns a future that completes once {@link #write} can take bytes (or the channel closed).
   *
   * @return the future
   */
  CompletableFuture<Void> writable();

  /**
   * Shuts the guest's writing side down ({@link HypercallAbi#CHANNEL_SHUTDOWN}).
   *
   * @return 0 or a negative error code
   */
  long shutdownOutput();

  /** Closes the guest's end ({@link HypercallAbi#CHANNEL_CLOSE}) and frees the bounce buffer. */
  @Override
  void close();
}

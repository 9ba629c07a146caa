package dev.vmm.core.internal;

import dev.vmm.memory.GuestMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a channel: a bounded byte ring in the guest's heap.
 *
 * <p>Layout at {@code base} (a tagged heap pointer the VMM allocated):
 *
 * <pre>
 *   +0   u64 read position     (mirror, for the guest to look at)
 *   +8   u64 write position    (mirror)
 *   +16  u64 flags: bit 0 writer closed, bit 1 reader closed (mirror)
 *   +64  capacity bytes of data; position p lives at data + (p mod capacity)
 * </pre>
 *
 * <p>The authoritative positions and flags are the Java fields: the guest can scribble over the
 * header (it is in its own heap), which corrupts nothing but what it reads there; the VMM never
 * reads the header back. Every byte moves through the guest's checked memory, so a ring the guest
 * freed or overwrote with another allocation makes the access throw instead of touching anything
 * else.
 *
 * <p>All state changes happen under one lock per ring, held only while bytes are copied; waiting
 * host threads sleep on its condition, and asynchronous waiters' futures complete on the
 * callback executor, never on the thread that made the change (a guest's hart, say).
 */
final class ByteRing {
  static final int HEADER = 64;
  /** Result of a write when the reader is gone, and of a read at end of stream. */
  static final int CLOSED = -1;

  private final GuestMemory memory;
  private final long base;
  private final long data;
  private final int capacity;
  private final Executor callbacks;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long readPosition;
  private long writePosition;
  private boolean writerClosed;
  private boolean readerClosed;
  private final List<CompletableFuture<Void>> readWaiters = new ArrayList<>();
  private final List<CompletableFuture<Void>> writeWaiters = new ArrayList<>();

  ByteRing(GuestMemory memory, long base, int capacity, Executor callbacks) {
    this.memory = memory;
    this.callbacks = callbacks;
    this.base = base;
    this.data = base + HEADER;
    this.capacity = capacity;
    mirror();
  }

  long base() {
    return base;
  }

  /** Host bytes in: how many were taken (0 when full), or {@link #CLOSED}. */
  int write(byte[] source, int offset, int length) {
    lock.lock();
    try {
      if (readerClosed || writerClosed) {
        return CLOSED;
      }
      int n = (int) Math.min(length, capacity - (writePosition - readPosition));
      int at = (int) (writePosition % capacity);
      int first = Math.min(n, capacity - at);
      memory.copyIn(data + at, source, offset, first);
      memory.copyIn(data, source, offset + first, n - first);
      advanceWrite(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Guest bytes in, from a guest pointer: as {@link #write(byte[], int, int)}. */
  int write(long source, int length) {
    lock.lock();
    try {
      if (readerClosed || writerClosed) {
        return CLOSED;
      }
      int n = (int) Math.min(length, capacity - (writePosition - readPosition));
      int at = (int) (writePosition % capacity);
      int first = Math.min(n, capacity - at);
      // Both pieces are checked before the position moves: a refused second piece leaves the
      // ring as it was.
      memory.copy(data + at, source, first);
      memory.copy(data, source + first, n - first);
      advanceWrite(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes out to the host: how many (0 when empty), or {@link #CLOSED} at end of stream. */
  int read(byte[] destination, int offset, int length) {
    lock.lock();
    try {
      int n = (int) Math.min(length, writePosition - readPosition);
      if (n == 0 && length > 0) {
        return writerClosed ? CLOSED : 0;
      }
      int at = (int) (readPosition % capacity);
      int first = Math.min(n, capacity - at);
      memory.copyOut(data + at, destination, offset, first);
      memory.copyOut(data, destination, offset + first, n - first);
      advanceRead(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes out to a guest pointer: as {@link #read(byte[], int, int)}. */
  int read(long destination, int length) {
    lock.lock();
    try {
      int n = (int) Math.min(length, writePosition - readPosition);
      if (n == 0 && length > 0) {
        return writerClosed ? CLOSED : 0;
      }
      int at = (int) (readPosition % capacity);
      int first = Math.min(n, capacity - at);
      memory.copy(destination, data + at, first);
      memory.copy(destination + first, data, n - first);
      advanceRead(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** The writer is done: the reader gets the rest, then end of stream. */
  void closeWriter() {
    lock.lock();
    try {
      writerClosed = true;
      changedState();
    } finally {
      lock.unlock();
    }
  }

  /** The reader is gone: unread bytes are dropped, writes are refused. */
  void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      readPosition = writePosition;
      changedState();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits at most {@code nanos} for bytes (when reading) or room (when writing), or a close;
   * returns at once if there already are, so a change between the caller's attempt and its wait
   * is not lost.
   *
   * @return the nanoseconds left
   */
  long awaitReady(boolean reading, long nanos) throws InterruptedException {
    lock.lock();
    try {
      return (reading ? readable() : writable()) ? nanos : changed.awaitNanos(nanos);
    } finally {
      lock.unlock();
    }
  }

  /** Completes once there are bytes to read or the ring is closed; at once if so already. */
  CompletableFuture<Void> whenReadable() {
    return when(true);
  }

  /** Completes once there is room to write or the ring is closed; at once if so already. */
  CompletableFuture<Void> whenWritable() {
    return when(false);
  }

  private CompletableFuture<Void> when(boolean reading) {
    lock.lock();
    try {
      if (reading ? readable() : writable()) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> waiter = new CompletableFuture<>();
      (reading ? readWaiters : writeWaiters).add(waiter);
      return waiter;
    } finally {
      lock.unlock();
    }
  }

  private boolean readable() {
    return writePosition > readPosition || writerClosed || readerClosed;
  }

  private boolean writable() {
    return writePosition - readPosition < capacity || writerClosed || readerClosed;
  }

  private void advanceWrite(int n) {
    if (n > 0) {
      writePosition += n;
      changedState();
    }
  }

  private void advanceRead(int n) {
    if (n > 0) {
      readPosition += n;
      changedState();
    }
  }

  private void changedState() {
    changed.signalAll();
    if (!readWaiters.isEmpty() && readable()) {
      release(readWaiters);
    }
    if (!writeWaiters.isEmpty() && writable()) {
      release(writeWaiters);
    }
    mirror();
  }

  private void release(List<CompletableFuture<Void>> waiters) {
    for (CompletableFuture<Void> waiter : waiters) {
      waiter.completeAsync(() -> null, callbacks);
    }
    waiters.clear();
  }

  private void mirror() {
    memory.store64(base, readPosition);
    memory.store64(base + 8, writePosition);
    memory.store64(base + 16, (writerClosed ? 1 : 0) | (readerClosed ? 2 : 0));
  }

  static long nanos(java.time.Duration timeout) {
    return timeout.isNegative() ? 0 : TimeUnit.NANOSECONDS.convert(timeout);
  }
}

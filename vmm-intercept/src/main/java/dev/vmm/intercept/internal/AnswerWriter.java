package dev.vmm.intercept.internal;

import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child JVM's answers to the host, from any guest thread: the answers of one burst are written
 * by one task on the socket's event loop with one flush, not one wake-up and flush each.
 */
final class AnswerWriter {
  private final Channel channel;
  private final Queue<ByteBuf> frames = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable writeTask = this::writeAll;

  AnswerWriter(Channel channel) {
    this.channel = channel;
  }

  void write(long requestId, Verdict verdict, RuntimeException failure) {
    frames.add(GuestProtocol.answer(channel.alloc(), requestId, verdict, failure));
    if (scheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(writeTask);
      } catch (RejectedExecutionException e) {
        // The child is shutting down: nobody is left to read the answers.
        scheduled.set(false);
        discardAll();
      }
    }
  }

  private void writeAll() {
    // Reset first: a frame added after the last poll below schedules this task again.
    scheduled.set(false);
    ByteBuf frame;
    while ((frame = frames.poll()) != null) {
      channel.write(frame, channel.voidPromise());
    }
    channel.flush();
  }

  private void discardAll() {
    ByteBuf frame;
    while ((frame = frames.poll()) != null) {
      frame.release();
    }
  }
}

package dev.vmm.intercept.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all flows of one interceptor hold (read, not yet decided or not yet let go by the
 * guest), and the handlers paused because that total was over the limit.
 */
final class InFlightBudget {
  private final long limit;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final Set<InterceptHandler> waiting = ConcurrentHashMap.newKeySet();

  InFlightBudget(long limit) {
    this.limit = limit;
  }

  void take(long bytes) {
    long now = total.addAndGet(bytes);
    peak.accumulateAndGet(now, Math::max);
  }

  /** Gives bytes back; below half the limit, every handler waiting for room is woken. */
  void release(long bytes) {
    long now = total.addAndGet(-bytes);
    if (now <= limit / 2 && !waiting.isEmpty()) {
      for (InterceptHandler handler : waiting) {
        handler.wake();
      }
    }
  }

  boolean overLimit() {
    return total.get() > limit;
  }

  boolean belowLowWater() {
    return total.get() <= limit / 2;
  }

  void waitForRoom(InterceptHandler handler) {
    waiting.add(handler);
  }

  void stopWaiting(InterceptHandler handler) {
    waiting.remove(handler);
  }

  long total() {
    return total.get();
  }

  long peak() {
    return peak.get();
  }
}

package dev.vmm.intercept.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves event loop or guest threads running: every group it started must
 * be shut down. Threads get a few seconds to finish shutting down.
 */
public final class ThreadLeakCheck implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> alive = ourThreads();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      alive = ourThreads();
    }
    if (!alive.isEmpty()) {
      throw new AssertionError(context.getDisplayName() + " left threads running: " + alive);
    }
  }

  /** Netty's event loops, the interceptor's guest threads, and the tests' own servers. */
  static List<String> ourThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("vmm-") || name.startsWith("test-")
            || name.contains("EventLoop") || name.contains("LoopGroup"))
        .sorted()
        .toList();
  }
}

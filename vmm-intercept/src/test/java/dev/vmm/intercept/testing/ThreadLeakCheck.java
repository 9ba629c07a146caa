package dev.vmm.intercept.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves event loop or guest threads, or child processes (child-JVM
 * guests), running: everything it started must be shut down. They get a few seconds to finish.
 */
public final class ThreadLeakCheck implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> alive = ourThreadsAndProcesses();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      alive = ourThreadsAndProcesses();
    }
    if (!alive.isEmpty()) {
      throw new AssertionError(context.getDisplayName() + " left threads running: " + alive);
    }
  }

  /** Netty's event loops, guest threads, the tests' own servers, and child processes. */
  static List<String> ourThreadsAndProcesses() {
    Stream<String> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(child -> "process " + child.pid() + " " + child.info().commandLine().orElse(""));
    Stream<String> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("vmm-") || name.startsWith("test-")
            || name.contains("EventLoop") || name.contains("LoopGroup"));
    return Stream.concat(threads, children).sorted().toList();
  }
}

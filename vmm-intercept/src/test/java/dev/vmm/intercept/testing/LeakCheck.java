package dev.vmm.intercept.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leaked buffer. Registered for every test by auto-detection
 * (see junit-platform.properties), so its static initializer runs before any buffer class loads
 * and every leak detector is one of ours, at PARANOID level: every buffer is tracked.
 */
public final class LeakCheck implements AfterEachCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /** Makes detectors that record every report instead of only logging it. */
  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    /** Netty's one abstract method is deprecated in favour of the overload below; both are used. */
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
        int samplingInterval, long maxActive) {
      return newResourceLeakDetector(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
        int samplingInterval) {
      return new ResourceLeakDetector<T>(resource, samplingInterval) {
        @Override
        protected boolean needReport() {
          return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
          LEAKS.add(resourceType + " leaked:" + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
          LEAKS.add(resourceType + " leaked (untraced)");
        }
      };
    }
  }

  /**
   * Collects garbage and makes the detectors look at what was collected; returns and forgets the
   * reports so far.
   */
  public static List<String> collectLeaks() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      // The reference handler enqueues collected buffers on its own thread: give it a moment.
      Thread.sleep(20);
      ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
      pooled.release();
      ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1);
      unpooled.release();
    }
    List<String> found = new ArrayList<>(LEAKS);
    LEAKS.removeAll(found);
    return found;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError(context.getDisplayName() + " leaked " + leaks.size()
          + " buffer(s):\n" + String.join("\n", leaks));
    }
  }
}

package dev.vmm.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where a thread's next batch of {@link #BATCH} operations starts in a benchmark's access order;
 * threads start far apart so they do not walk the same entries in step. Callers wrap the position
 * with their own mask.
 */
@State(Scope.Thread)
public class BatchCursor {
  /** Operations per benchmark invocation. */
  public static final int BATCH = 1024;

  private int position;

  /** Starts at a distinct place per thread. */
  @Setup(Level.Trial)
  public void start() {
    position = (int) Thread.currentThread().threadId() * 7919 * BATCH;
  }

  /**
   * Returns where this batch starts and moves past it.
   *
   * @return the start position, unmasked
   */
  public int next() {
    int p = position;
    position += BATCH;
    return p;
  }
}

package dev.vmm.riscv.internal;

/**
 * Where the harts of a program driven in slices wait between two slices: the driving thread
 * opens the gate for a slice and closes it after; a hart that finds it closed at its own slice
 * boundary parks until the next slice or the end of the process. Open from the start, so a
 * program run in one go never waits here.
 */
final class SliceGate {
  private volatile boolean closed;
  private boolean ended; // under this

  /** A slice begins: parked harts go on. */
  synchronized void open() {
    closed = false;
    notifyAll();
  }

  /** The slice is over: harts park at their next boundary. */
  void close() {
    closed = true;
  }

  /** The process has ended: parked harts leave, and none parks again. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Waits, at a hart's slice boundary, while the gate is closed.
   *
   * @return false if the process ended meanwhile
   */
  boolean pass() {
    if (!closed) {
      return true;
    }
    boolean interrupted = false;
    try {
      synchronized (this) {
        while (closed && !ended) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // kept for the thread; the process decides when it ends
          }
        }
        return !ended;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

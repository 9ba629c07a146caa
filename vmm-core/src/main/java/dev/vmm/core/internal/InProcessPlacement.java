package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestPlacement;
import java.time.Duration;

/** Runs each guest's hart loop on a platform thread of its own, named after the guest. */
public final class InProcessPlacement implements GuestPlacement {
  /** The prefix of every guest thread's name. */
  public static final String THREAD_PREFIX = "vmm-guest-";

  @Override
  public String describe() {
    return "in-process";
  }

  @Override
  public Placed start(Guest guest, Runnable loop) {
    Thread thread = Thread.ofPlatform().name(THREAD_PREFIX + guest.name()).daemon(true)
        .start(loop);
    return new Placed() {
      @Override
      public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
      }

      @Override
      public boolean isCurrent() {
        return Thread.currentThread() == thread;
      }
    };
  }
}

package dev.vmm.core;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

/** Small guests for tests: 3 MiB each, seeded tags, output captured. */
final class Guests {
  static final Duration WAIT = Duration.ofSeconds(30);

  private Guests() {}

  static GuestConfig.Builder config(String name) {
    return GuestConfig.builder(name).memorySize(3 << 20).tagSeed(name.hashCode())
        .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
  }

  static GuestProgram program(int... words) {
    return GuestProgram.Machine.of(words);
  }

  /** Guest memory for a test's buffers: a heap allocation of the guest's own. */
  static long buffer(Guest guest, int size) {
    long pointer = guest.memory().malloc(size, 0);
    if (pointer == 0) {
      throw new AssertionError("no room for " + size + " bytes in " + guest);
    }
    return pointer;
  }
}

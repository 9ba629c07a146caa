package dev.vmm.bench.core;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObject;

/** The object the benchmark's hypercall names by handle: a running total owned by one guest. */
final class Tally implements GuestObject {
  private final Guest owner;
  long total;

  Tally(Guest owner) {
    this.owner = owner;
  }

  @Override
  public Guest owner() {
    return owner;
  }
}

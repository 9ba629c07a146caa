package dev.vmm.bench.riscv;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.HartMemory;

/** The three memories the guest-IPS benchmark runs each program on. */
public enum MemorySetup {
  /** {@link ArrayHartMemory}: the floor. */
  ARRAY,
  /** {@link GuestMemory} in {@link CheckMode#UNCHECKED}: tags stripped, nothing checked. */
  UNCHECKED,
  /** {@link GuestMemory} in {@link CheckMode#CHECKED}: every access checked. */
  CHECKED;

  /** A memory and how to release it. */
  record Built(HartMemory port, Runnable release) {}

  /**
   * Builds a memory of {@code size} bytes from address 0, all of it RAM but the first page (so a
   * null pointer faults where the region map is checked).
   */
  Built build(long size) {
    if (this == ARRAY) {
      return new Built(new ArrayHartMemory(Math.toIntExact(size)), () -> { });
    }
    GuestMemory memory = GuestMemory.builder()
        .size(size)
        .mode(this == CHECKED ? CheckMode.CHECKED : CheckMode.UNCHECKED)
        .ram(GuestMemory.PAGE_SIZE, size - GuestMemory.PAGE_SIZE)
        .build();
    // The production port (what LinuxProcess runs programs on), everything past page 0 executable.
    HartMemory port = HartMemory.onGuestMemory(memory, GuestMemory.PAGE_SIZE, size);
    return new Built(port, memory::close);
  }
}

package dev.vmm.bench.riscv;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;

/** The three memories the guest-IPS benchmark runs each program on. */
public enum MemorySetup {
  /**
   * {@link ArrayHartMemory}, a bare hart and the program's own {@code malloc}: the floor, what
   * the interpreter costs with the cheapest memory a JVM offers.
   */
  ARRAY,
  /** {@link GuestMemory} in {@link CheckMode#UNCHECKED}: tags stripped, nothing checked. */
  UNCHECKED,
  /** {@link GuestMemory} in {@link CheckMode#CHECKED}: every access checked. */
  CHECKED;

  /** The check mode of a {@link GuestMemory} setup. */
  CheckMode mode() {
    return this == CHECKED ? CheckMode.CHECKED : CheckMode.UNCHECKED;
  }
}

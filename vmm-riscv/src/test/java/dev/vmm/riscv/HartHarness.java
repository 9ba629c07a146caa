package dev.vmm.riscv;

import java.util.ArrayList;
import java.util.List;

/**
 * A hart on a small byte-array memory with code at {@link #CODE} and a data area at {@link #DATA},
 * for tests that assemble a few instructions and run them. Every ecall halts with status a0,
 * unless a test installs its own handler.
 */
final class HartHarness {
  static final long CODE = 0x1000;
  static final long DATA = 0x8000;
  static final int SIZE = 0x10000;

  final SegmentHartMemory memory = SegmentHartMemory.zeroed(0, SIZE);
  final List<Long> ecallPcs = new ArrayList<>();
  final Hart hart;

  HartHarness() {
    hart = Hart.create(memory, h -> {
      ecallPcs.add(h.pc());
      h.halt(h.x(10));
    });
    hart.setPc(CODE);
  }

  HartHarness(EcallHandler handler) {
    hart = Hart.create(memory, handler);
    hart.setPc(CODE);
  }

  /** Writes 32-bit instructions from {@link #CODE} on; returns the address after them. */
  long code(int... instructions) {
    return code(CODE, instructions);
  }

  long code(long at, int... instructions) {
    for (int instruction : instructions) {
      memory.store32(at, instruction);
      at += 4;
    }
    return at;
  }

  /** Writes 16-bit parcels (compressed instructions) from {@code at} on. */
  long parcels(long at, int... parcels) {
    for (int parcel : parcels) {
      memory.store16(at, parcel);
      at += 2;
    }
    return at;
  }

  HartStop run() {
    return hart.run(1_000_000);
  }
}

package dev.vmm.bench.riscv;

import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.HartMemory;

/**
 * A stand-in {@link HartMemory} over a {@link GuestMemory}, for this benchmark only: every call
 * forwards unchanged, since the two interfaces have the same signatures. vmm-riscv's own
 * GuestMemory port replaces it once that exists; the benchmark then measures the production path.
 */
final class BenchOnlyGuestMemoryPort implements HartMemory {
  private final GuestMemory memory;

  BenchOnlyGuestMemoryPort(GuestMemory memory) {
    this.memory = memory;
  }

  @Override
  public byte load8(long p) {
    return memory.load8(p);
  }

  @Override
  public short load16(long p) {
    return memory.load16(p);
  }

  @Override
  public int load32(long p) {
    return memory.load32(p);
  }

  @Override
  public long load64(long p) {
    return memory.load64(p);
  }

  @Override
  public void store8(long p, int v) {
    memory.store8(p, v);
  }

  @Override
  public void store16(long p, int v) {
    memory.store16(p, v);
  }

  @Override
  public void store32(long p, int v) {
    memory.store32(p, v);
  }

  @Override
  public void store64(long p, long v) {
    memory.store64(p, v);
  }
}

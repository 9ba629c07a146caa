package dev.vmm.core.internal;

import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.HartMemory;

/**
 * A hart's memory port onto a guest's checked memory: every fetch, load and store goes through
 * the tag and region checks, and a refused one throws the violation the hart reports. Public (in
 * this unexported package) so that vmm-bench's hypercall benchmark runs its hart on the same port
 * as a machine-code guest.
 *
 * @param memory the guest's memory
 */
public record GuestMemoryPort(GuestMemory memory) implements HartMemory {
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

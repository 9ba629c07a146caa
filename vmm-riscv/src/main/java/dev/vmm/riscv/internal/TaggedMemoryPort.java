package dev.vmm.riscv.internal;

import dev.vmm.memory.Allocation;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;
import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.InstructionFetchException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The hart's port onto vmm-memory's {@link GuestMemory}: every load, store and atomic goes to the
 * tagged memory with the full 64-bit pointer, so a violation is found on the access itself, and
 * instruction fetches are allowed only from the executable pages of the program.
 *
 * <p><b>Execute permission.</b> {@link GuestMemory} has no execute permission of its own, so the
 * port keeps the page ranges of the program's {@code PF_X} segments and refuses a fetch anywhere
 * else with an {@link InstructionFetchException}. The hart fetches only when it decodes an
 * address for the first time, so the check costs nothing on the instructions it runs.
 *
 * <p><b>Partial loads.</b> Word-at-a-time string functions ({@code strlen}, {@code memchr},
 * glibc's generic {@code memcpy}) read whole naturally aligned words, so the last word of a
 * string may run past the end of its allocation. Allocations start on 32-byte granules and own
 * whole granules, so such a word never touches another allocation's bytes. As Valgrind's
 * {@code --partial-loads-ok}, the port lets a naturally aligned 2-, 4- or 8-byte load through when
 * it starts inside a live allocation, through that allocation's pointer, and only runs past the
 * end: the bytes inside are the allocation's, the bytes past the end read as zero. Every other
 * overflow, and every store, is reported.
 */
public final class TaggedMemoryPort implements HartMemory {
  private final GuestMemory memory;
  private final MemorySegment bytes;
  private final long[] executable; // [start, end) page ranges, in address order

  /**
   * Creates the port.
   *
   * @param memory the tagged memory
   * @param executable the executable ranges as {@code start, end} pairs, page aligned
   */
  public TaggedMemoryPort(GuestMemory memory, long[] executable) {
    this.memory = memory;
    this.bytes = memory.physical();
    this.executable = executable.clone();
  }

  /**
   * Returns the tagged memory behind the port.
   *
   * @return the memory
   */
  public GuestMemory memory() {
    return memory;
  }

  @Override
  public short fetch16(long pc) {
    for (int i = 0; i < executable.length; i += 2) {
      if (Long.compareUnsigned(pc - executable[i], executable[i + 1] - executable[i]) < 0) {
        return memory.load16(pc);
      }
    }
    throw new InstructionFetchException(pc, describe(pc));
  }

  private String describe(long pc) {
    long address = memory.layout().address(pc);
    if (address != pc) {
      return "a tagged pointer (tag 0x" + Integer.toHexString(memory.layout().tag(pc))
          + "): code is never tagged";
    }
    return memory.regions().stream().filter(r -> r.contains(pc)).findFirst()
        .map(r -> "non-executable memory (" + r + ")").orElse("unmapped memory");
  }

  @Override
  public byte load8(long p) {
    return memory.load8(p);
  }

  @Override
  public short load16(long p) {
    try {
      return memory.load16(p);
    } catch (MemoryViolationException e) {
      return (short) partialLoad(e, 2);
    }
  }

  @Override
  public int load32(long p) {
    try {
      return memory.load32(p);
    } catch (MemoryViolationException e) {
      return (int) partialLoad(e, 4);
    }
  }

  @Override
  public long load64(long p) {
    try {
      return memory.load64(p);
    } catch (MemoryViolationException e) {
      return partialLoad(e, 8);
    }
  }

  /** The bytes of an aligned load that only runs past the end of its allocation, or rethrows. */
  private long partialLoad(MemoryViolationException e, int size) {
    Violation v = e.violation();
    Allocation a = v.allocation();
    long address = v.address();
    if (v.kind() != ViolationKind.HEAP_BUFFER_OVERFLOW || a == null
        || a.state() != Allocation.State.LIVE || a.tag() != v.pointerTag()
        || (address & (size - 1)) != 0 || address < a.base() || address >= a.end()) {
      throw e;
    }
    long value = 0;
    for (long i = a.end() - address - 1; i >= 0; i--) {
      value = value << 8 | Byte.toUnsignedLong(bytes.get(ValueLayout.JAVA_BYTE, address + i));
    }
    return value;
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

  /** A hardware compare-and-swap, so AMOs and SC are atomic against other harts' plain stores. */
  @Override
  public boolean compareAndSwap32(long p, int expected, int v) {
    return memory.compareAndSet32(p, expected, v);
  }

  @Override
  public boolean compareAndSwap64(long p, long expected, long v) {
    return memory.compareAndSet64(p, expected, v);
  }
}

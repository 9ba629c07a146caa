package dev.vmm.riscv;

import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.internal.TaggedMemoryPort;

/**
 * The only way a {@link Hart} reaches guest memory: the narrow port the CPU is written against.
 *
 * <p>Every method takes a full 64-bit guest pointer, exactly as the guest computed it (tag bits
 * included), so a tagged memory can check the pointer on the access itself. The signatures are
 * those of vmm-memory's {@link GuestMemory}; {@link #onGuestMemory} adapts one, adding execute
 * permission to {@link #fetch16(long)}, and is what {@link LinuxProcess} runs harts on.
 *
 * <p><b>Alignment.</b> The hart passes misaligned addresses through unchanged; the port decides
 * (RISC-V allows a user-mode execution environment to support them, and Linux does).
 *
 * <p><b>Violations.</b> A port reports a bad access by throwing an unchecked exception (vmm-memory
 * throws {@code MemoryViolationException}). The hart catches it, stops, and returns a
 * {@link HartStop.MemoryFault} naming the instruction; it never escapes {@link Hart#run(long)}.
 *
 * <p><b>Values.</b> Loads return the bits stored, little-endian; the hart sign- or zero-extends.
 * Stores take the value in the low bits of {@code v} and ignore the rest.
 *
 * <p><b>Atomics.</b> Every AMO and every successful {@code sc} ends in one of the two
 * compare-and-swap methods, on a naturally aligned address (the hart faults a misaligned atomic
 * before it reaches the port). Their defaults lock the port, which makes them atomic against
 * each other but not against plain stores from other threads; a memory that harts on several
 * Java threads share overrides both with a hardware compare-and-set (for example
 * {@code VarHandle.compareAndSet} on a byte-array or memory-segment view), which is atomic
 * against everything and has volatile memory semantics.
 */
public interface HartMemory {
  /**
   * Returns the port onto a tagged memory: every load, store and atomic goes to {@code memory}
   * with the full pointer (atomics as its hardware compare-and-set, so harts on several threads
   * may share the port), and code is fetched only from the executable ranges; a fetch elsewhere
   * stops the hart with an {@link InstructionFetchException}. An aligned load that starts inside
   * a live allocation and only runs past its end reads zeros for the bytes beyond, as Valgrind's
   * {@code --partial-loads-ok}, because word-at-a-time string functions do that.
   *
   * @param memory the guest's memory
   * @param executable {@code start, end} address pairs, page aligned, in address order
   * @return the port
   */
  static HartMemory onGuestMemory(GuestMemory memory, long... executable) {
    return new TaggedMemoryPort(memory, executable);
  }

  /**
   * Reads one byte.
   *
   * @param p the guest pointer
   * @return the byte
   */
  byte load8(long p);

  /**
   * Reads two bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @return the halfword
   */
  short load16(long p);

  /**
   * Reads four bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @return the word
   */
  int load32(long p);

  /**
   * Reads eight bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @return the doubleword
   */
  long load64(long p);

  /**
   * Writes one byte.
   *
   * @param p the guest pointer
   * @param v the value; bits above 7 are ignored
   */
  void store8(long p, int v);

  /**
   * Writes two bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @param v the value; bits above 15 are ignored
   */
  void store16(long p, int v);

  /**
   * Writes four bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @param v the value
   */
  void store32(long p, int v);

  /**
   * Writes eight bytes, little-endian.
   *
   * @param p the guest pointer, any alignment
   * @param v the value
   */
  void store64(long p, long v);

  /**
   * Reads a 16-bit instruction parcel for the decoder. The hart fetches in parcels, never more
   * than the instruction's length, so a 2-byte instruction at the very end of mapped memory is
   * fetched without touching the byte after it. A memory that separates execute permission from
   * read overrides this; the default reads like data.
   *
   * <p>Called once per instruction address (the decoded form is cached), not per execution.
   *
   * @param pc the guest address of the parcel
   * @return the parcel
   */
  default short fetch16(long pc) {
    return load16(pc);
  }

  /**
   * Atomically writes {@code v} to the naturally aligned word at {@code p} if it holds
   * {@code expected}, with the ordering of a volatile read and write.
   *
   * @param p the guest pointer, 4-byte aligned
   * @param expected the value the word must hold
   * @param v the value to write
   * @return whether it was written
   */
  default boolean compareAndSwap32(long p, int expected, int v) {
    synchronized (this) {
      if (load32(p) != expected) {
        return false;
      }
      store32(p, v);
      return true;
    }
  }

  /**
   * Atomically writes {@code v} to the naturally aligned doubleword at {@code p} if it holds
   * {@code expected}, with the ordering of a volatile read and write.
   *
   * @param p the guest pointer, 8-byte aligned
   * @param expected the value the doubleword must hold
   * @param v the value to write
   * @return whether it was written
   */
  default boolean compareAndSwap64(long p, long expected, long v) {
    synchronized (this) {
      if (load64(p) != expected) {
        return false;
      }
      store64(p, v);
      return true;
    }
  }
}

package dev.vmm.bench.riscv;

import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage;

/**
 * One program loaded into a fresh memory, ready to run to its exit on the calling thread.
 *
 * <p>The benchmark programs take their working buffer from {@code malloc} (a bump allocator of
 * their own, {@code bench.h}). On {@link MemorySetup#ARRAY} that allocator serves them
 * ({@link BareRun}). On the two {@code GuestMemory} setups they run as {@code LinuxProcess} runs
 * any program ({@link ProcessRun}): {@code malloc} is redirected to the tagged heap, so the buffer
 * is a tagged allocation and, in checked mode, every access to it is checked against it.
 */
interface GuestRun {
  /**
   * Loads a program for a memory setup.
   *
   * @param program the program
   * @param image its parsed ELF
   * @param setup the memory
   * @return the run, not started
   */
  static GuestRun of(BenchProgram program, ElfImage image, MemorySetup setup) {
    return setup == MemorySetup.ARRAY ? new BareRun(image) : new ProcessRun(program, setup.mode());
  }

  /**
   * Parses a program's ELF.
   *
   * @param program the program
   * @return its image
   */
  static ElfImage parse(BenchProgram program) {
    try {
      return ElfImage.parse(program.elf());
    } catch (ElfFormatException e) {
      throw new IllegalStateException(program.binaryName() + " is not a loadable ELF", e);
    }
  }

  /**
   * Runs the program to its exit and returns the instructions it retired.
   *
   * @param expected what the program must print
   * @return the instructions retired
   * @throws IllegalStateException if it stops any other way or prints something else than
   *     {@code expected}: a benchmark of a wrong answer would measure nothing
   */
  long runToExit(String expected);

  /** Frees the memory. */
  void release();
}

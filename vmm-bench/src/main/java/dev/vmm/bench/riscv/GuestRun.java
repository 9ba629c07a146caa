package dev.vmm.bench.riscv;

import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.LinuxSyscalls;
import dev.vmm.riscv.LoadedProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One program loaded into a fresh memory on a fresh hart, ready to run to its exit. The loader
 * and the system calls are vmm-riscv's own; the memory is what {@link MemorySetup} builds.
 */
final class GuestRun {
  /** Room above the program for its stack, its brk heap and its mappings. */
  private static final long STACK = 1 << 20;
  private static final long HEAP = 1 << 20;
  private static final long MAPPINGS = 1 << 20;
  private static final long PAGE = 4096;

  private final MemorySetup.Built memory;
  private final Hart hart;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  GuestRun(ElfImage image, MemorySetup setup) {
    long end = image.segments().stream().mapToLong(s -> s.virtualAddress() + s.memorySize())
        .max().orElseThrow();
    long heapStart = (end + PAGE - 1) & -PAGE;
    long mappingsStart = heapStart + HEAP;
    long size = mappingsStart + MAPPINGS + STACK;
    this.memory = setup.build(size);
    LoadedProgram loaded = image.load(memory.port(), 0);
    LinuxSyscalls linux = new LinuxSyscalls(
        new LinuxSyscalls.Layout(heapStart, mappingsStart, mappingsStart, mappingsStart + MAPPINGS),
        stdout, ByteArrayOutputStream.nullOutputStream());
    this.hart = Hart.create(memory.port(), linux);
    hart.setPc(loaded.entry());
    hart.setX(2, (size - 64) & -16L); // sp, 16-byte aligned as the ABI wants
  }

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
   * @throws IllegalStateException if it stops any other way or prints something else than
   *     {@code expected}: a benchmark of a wrong answer would measure nothing
   */
  long runToExit(String expected) {
    HartStop stop = hart.run(Long.MAX_VALUE);
    if (!(stop instanceof HartStop.Halted)) {
      throw new IllegalStateException("guest stopped: " + stop.describe());
    }
    String printed = stdout.toString(StandardCharsets.UTF_8);
    if (!printed.equals(expected)) {
      throw new IllegalStateException("guest printed " + printed + " instead of " + expected);
    }
    return hart.instructionsRetired();
  }

  /** Frees the memory. */
  void release() {
    memory.release().run();
  }
}

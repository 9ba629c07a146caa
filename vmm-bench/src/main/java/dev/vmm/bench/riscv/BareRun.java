package dev.vmm.bench.riscv;

import dev.vmm.riscv.ElfImage;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.LinuxSyscalls;
import dev.vmm.riscv.LoadedProgram;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A program on a bare hart over an {@link ArrayHartMemory}: vmm-riscv's loader and system calls,
 * no tags, no regions, the program's own {@code malloc}.
 */
final class BareRun implements GuestRun {
  /** Room above the program for its stack, its brk heap and its mappings. */
  private static final long STACK = 1 << 20;
  private static final long HEAP = 1 << 20;
  private static final long MAPPINGS = 1 << 20;
  private static final long PAGE = 4096;

  private final Hart hart;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  BareRun(ElfImage image) {
    long end = image.segments().stream().mapToLong(s -> s.virtualAddress() + s.memorySize())
        .max().orElseThrow();
    long heapStart = (end + PAGE - 1) & -PAGE;
    long mappingsStart = heapStart + HEAP;
    long size = mappingsStart + MAPPINGS + STACK;
    ArrayHartMemory memory = new ArrayHartMemory(Math.toIntExact(size));
    LoadedProgram loaded = image.load(memory, 0);
    LinuxSyscalls linux = new LinuxSyscalls(
        new LinuxSyscalls.Layout(heapStart, mappingsStart, mappingsStart, mappingsStart + MAPPINGS),
        stdout, ByteArrayOutputStream.nullOutputStream());
    this.hart = Hart.create(memory, linux);
    hart.setPc(loaded.entry());
    hart.setX(2, (size - 64) & -16L); // sp, 16-byte aligned as the ABI wants
  }

  @Override
  public long runToExit(String expected) {
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

  @Override
  public void release() {
    // The array goes with the run.
  }
}

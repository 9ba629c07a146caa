package dev.vmm.bench.riscv;

import dev.vmm.memory.CheckMode;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.LinuxMachine;
import dev.vmm.riscv.LinuxProcess;
import dev.vmm.riscv.ProcessResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A program as {@link LinuxProcess} runs it on a {@link GuestMemory}: the production port, its
 * {@code malloc} served by the tagged allocator, its main thread on the caller's thread.
 */
final class ProcessRun implements GuestRun {
  /** Enough for the largest program's arena and its tagged buffer of 8 MiB. */
  private static final long MEMORY = 64L << 20;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final GuestMemory memory;
  private final LinuxMachine machine;

  ProcessRun(BenchProgram program, CheckMode mode) {
    LinuxProcess process;
    try {
      process = LinuxProcess.builder(program.elf()).checkMode(mode).memorySize(MEMORY)
          .stdout(stdout).tagSeed(1).build();
    } catch (ElfFormatException e) {
      throw new IllegalStateException(program.binaryName() + " is not a loadable ELF", e);
    }
    this.memory = process.newMemory();
    this.machine = process.start(memory, UnaryOperator.identity());
  }

  @Override
  public long runToExit(String expected) {
    while (machine.runSlice(Long.MAX_VALUE)) {
      // One slice runs to the end; the loop only guards that.
    }
    ProcessResult result = machine.result();
    if (result.outcome() != ProcessResult.Outcome.EXITED || !result.violations().isEmpty()) {
      throw new IllegalStateException("guest stopped: " + result.report(false));
    }
    if (!result.mallocRedirected()) {
      throw new IllegalStateException("the program's malloc was not redirected to the tagged heap");
    }
    String printed = stdout.toString(StandardCharsets.UTF_8);
    if (!printed.equals(expected)) {
      throw new IllegalStateException("guest printed " + printed + " instead of " + expected);
    }
    return result.instructions();
  }

  @Override
  public void release() {
    memory.close();
  }
}

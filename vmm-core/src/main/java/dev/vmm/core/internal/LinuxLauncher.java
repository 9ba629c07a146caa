package dev.vmm.core.internal;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestProgram;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.LinuxProcess;

/**
 * A static RISC-V Linux program on the tagged heap: vmm-riscv's {@link LinuxProcess} lays out the
 * memory (segments, brk, heap, mmap, stack) and runs it, with the guest kernel's hypercalls in
 * front of its Linux system calls.
 */
final class LinuxLauncher implements ProgramLauncher {
  private final LinuxProcess process;

  /**
   * Plans the program's memory.
   *
   * @throws IllegalArgumentException naming the guest, if the memory is smaller than a Linux
   *     program needs or the program does not fit it ({@link ElfFormatException} as the cause)
   */
  LinuxLauncher(GuestProgram.Linux program, GuestConfig config) {
    try {
      LinuxProcess.Builder builder = program.processBuilder()
          .memorySize(config.memorySize())
          .tagSeed(config.tagSeed())
          .stdout(config.stdout())
          .stderr(config.stderr());
      if (config.quarantineBytes() >= 0) {
        builder.quarantineBytes(config.quarantineBytes());
      }
      this.process = builder.build();
    } catch (ElfFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("guest '" + config.name() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public GuestMemory memory(GuestConfig config) {
    return process.newMemory();
  }

  @Override
  public GuestCpu launch(GuestProgram program, GuestMemory memory, GuestConfig config,
      Kernel kernel) {
    return new LinuxCpu(process.start(memory, kernel::chain));
  }
}

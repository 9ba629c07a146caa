package dev.vmm.core.internal;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestProgram;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.EcallHandler;

/**
 * The one place that knows a program format: it lays out the guest's memory for programs of its
 * kind, loads a program into it and makes the harts that run it, with the guest kernel's ecall
 * chain (hypercalls first, then Linux). Chosen per program in {@link #forProgram}: raw machine
 * code, or a static Linux program on the tagged heap.
 */
interface ProgramLauncher {
  /**
   * Builds the guest's memory: regions, heap, checks.
   *
   * @param config the guest's configuration
   * @return the memory, which throws on every violation (what makes hypercall pointers safe)
   */
  GuestMemory memory(GuestConfig config);

  /**
   * Loads the program and returns its harts, ready to run.
   *
   * @param program the program
   * @param memory the memory {@link #memory} built
   * @param config the guest's configuration (streams)
   * @param kernel wraps the Linux layer into the guest kernel's ecall chain
   * @return what the guest's hart loop drives
   */
  GuestCpu launch(GuestProgram program, GuestMemory memory, GuestConfig config, Kernel kernel);

  /** Builds the guest kernel's ecall chain in front of a Linux system-call layer. */
  @FunctionalInterface
  interface Kernel {
    EcallHandler chain(EcallHandler linux);
  }

  /**
   * Chooses the launcher for a guest's program.
   *
   * @param config the guest's configuration; its program {@code null} for a guest that runs
   *     only plug-ins
   * @return the launcher
   * @throws IllegalArgumentException if the program cannot run in that guest (too large)
   */
  static ProgramLauncher forProgram(GuestConfig config) {
    return switch (config.program()) {
      case null -> MachineCodeLauncher.INSTANCE;
      case GuestProgram.Machine _ -> MachineCodeLauncher.INSTANCE;
      case GuestProgram.Linux linux -> new LinuxLauncher(linux, config);
    };
  }
}

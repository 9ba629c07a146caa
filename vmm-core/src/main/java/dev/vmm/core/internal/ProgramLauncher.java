package dev.vmm.core.internal;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestProgram;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.Hart;

/**
 * The one place that knows a program format: it lays out the guest's memory for programs of its
 * kind, loads a program into it and makes the hart that runs it, with the guest kernel's ecall
 * chain (hypercalls first, then Linux). The program runner (ELF into tagged memory, malloc
 * redirected) plugs in as another implementation, chosen in {@link #forProgram}.
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
   * Loads the program and returns its first hart, ready to run.
   *
   * @param program the program
   * @param memory the memory {@link #memory} built
   * @param config the guest's configuration (streams)
   * @param kernel wraps the Linux layer into the guest kernel's ecall chain
   * @return the hart
   */
  Hart launch(GuestProgram program, GuestMemory memory, GuestConfig config, Kernel kernel);

  /** Builds the guest kernel's ecall chain in front of a Linux system-call layer. */
  @FunctionalInterface
  interface Kernel {
    EcallHandler chain(EcallHandler linux);
  }

  /**
   * Chooses the launcher for a program.
   *
   * @param program the program, or {@code null} for a guest that runs only plug-ins
   * @return the launcher
   */
  static ProgramLauncher forProgram(GuestProgram program) {
    return switch (program) {
      case null -> MachineCodeLauncher.INSTANCE;
      case GuestProgram.Machine _ -> MachineCodeLauncher.INSTANCE;
    };
  }
}

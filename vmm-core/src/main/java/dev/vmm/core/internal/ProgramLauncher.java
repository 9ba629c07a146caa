package dev.vmm.core.internal;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestProgram;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.EcallHandler;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.LinuxSyscalls;

/**
 * Puts a program into a guest's memory and makes the hart that runs it, with the guest kernel's
 * ecall chain (hypercalls first, then Linux). The one place that knows program formats: the
 * program runner (ELF into tagged memory, malloc redirected) plugs in here.
 */
interface ProgramLauncher {
  /**
   * Loads the program and returns its first hart, ready to run.
   *
   * @param program the program
   * @param memory the guest's memory
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

  /** Machine code at {@link GuestConfig#CODE_BASE}, Linux's brk and mmap in RAM. */
  ProgramLauncher MACHINE_CODE = (program, memory, config, kernel) -> {
    GuestProgram.Machine machine = (GuestProgram.Machine) program;
    byte[] code = machine.code();
    memory.physical().asSlice(GuestConfig.CODE_BASE, code.length)
        .copyFrom(java.lang.foreign.MemorySegment.ofArray(code));
    long stackTop = GuestConfig.HEAP_BASE;
    long brk = GuestConfig.RAM_BASE + 0x2_0000;
    long mappings = GuestConfig.RAM_BASE + 0x6_0000;
    LinuxSyscalls linux = new LinuxSyscalls(
        new LinuxSyscalls.Layout(brk, mappings, mappings, stackTop - 0x2_0000),
        config.stdout(), config.stderr());
    Hart hart = Hart.create(new GuestMemoryPort(memory), kernel.chain(linux));
    hart.setPc(GuestConfig.CODE_BASE);
    hart.setX(2, stackTop - 16);
    return hart;
  };
}

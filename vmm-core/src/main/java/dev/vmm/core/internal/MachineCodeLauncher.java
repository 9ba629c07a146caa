package dev.vmm.core.internal;

import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestProgram;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.LinuxSyscalls;
import java.lang.foreign.MemorySegment;

/**
 * Raw machine code at {@link GuestConfig#CODE_BASE} in a read-only region, RAM above it for the
 * stack, Linux's {@code brk} and {@code mmap}, and the tagged heap from
 * {@link GuestConfig#HEAP_BASE} to the end.
 */
enum MachineCodeLauncher implements ProgramLauncher {
  INSTANCE;

  private static final long BRK_START = GuestConfig.RAM_BASE + 0x2_0000;
  private static final long MAPPINGS_START = GuestConfig.RAM_BASE + 0x6_0000;
  private static final long STACK_SIZE = 0x2_0000;

  @Override
  public GuestMemory memory(GuestConfig config) {
    GuestMemory.Builder memory = GuestMemory.builder()
        .size(config.memorySize())
        .readOnly(GuestConfig.CODE_BASE, GuestConfig.CODE_SIZE)
        .ram(GuestConfig.RAM_BASE, GuestConfig.HEAP_BASE - GuestConfig.RAM_BASE)
        .heap(GuestConfig.HEAP_BASE, config.memorySize() - GuestConfig.HEAP_BASE)
        .tagSeed(config.tagSeed());
    if (config.quarantineBytes() >= 0) {
      memory.quarantineBytes(config.quarantineBytes());
    }
    return memory.build();
  }

  @Override
  public GuestCpu launch(GuestProgram program, GuestMemory memory, GuestConfig config,
      Kernel kernel) {
    byte[] code = ((GuestProgram.Machine) program).code();
    memory.physical().asSlice(GuestConfig.CODE_BASE, code.length)
        .copyFrom(MemorySegment.ofArray(code));
    long stackTop = GuestConfig.HEAP_BASE;
    LinuxSyscalls linux = new LinuxSyscalls(
        new LinuxSyscalls.Layout(BRK_START, MAPPINGS_START, MAPPINGS_START, stackTop - STACK_SIZE),
        config.stdout(), config.stderr());
    HartMemory port = HartMemory.onGuestMemory(
        memory, GuestConfig.CODE_BASE, GuestConfig.CODE_BASE + GuestConfig.CODE_SIZE);
    Hart hart = Hart.create(port, kernel.chain(linux));
    hart.setPc(GuestConfig.CODE_BASE);
    hart.setX(2, stackTop - 16);
    return new HartCpu(hart);
  }
}

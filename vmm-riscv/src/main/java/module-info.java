/**
 * An RV64GC user-mode guest CPU.
 *
 * <p>Start at {@link dev.vmm.riscv.Hart}: a hart runs guest code read through a
 * {@link dev.vmm.riscv.HartMemory} port and hands every {@code ecall} to an
 * {@link dev.vmm.riscv.EcallHandler}. {@link dev.vmm.riscv.ElfImage} loads static RISC-V programs;
 * {@link dev.vmm.riscv.LinuxProcess} runs one on vmm-memory's tagged memory, with its malloc
 * served by the tagged allocator and memory errors reported AddressSanitizer-style.
 */
module dev.vmm.riscv {
  requires transitive dev.vmm.memory;

  exports dev.vmm.riscv;
}

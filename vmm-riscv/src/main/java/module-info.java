/**
 * An RV64GC user-mode guest CPU.
 *
 * <p>Start at {@link dev.vmm.riscv.Hart}: a hart runs guest code read through a
 * {@link dev.vmm.riscv.HartMemory} port and hands every {@code ecall} to an
 * {@link dev.vmm.riscv.EcallHandler}. {@link dev.vmm.riscv.ElfImage} loads static RISC-V programs.
 */
module dev.vmm.riscv {
  exports dev.vmm.riscv;
}

/**
 * Tagged emulated memory.
 *
 * <p>Start at {@link dev.vmm.memory.GuestMemory}: a guest's physical memory with a region map and a
 * tagged heap; pointers are laid out as {@link dev.vmm.memory.PointerLayout} documents, and every
 * load, store, copy and free is checked against the allocation that maps the address.
 */
module dev.vmm.memory {
  exports dev.vmm.memory;
}

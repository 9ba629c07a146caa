/**
 * Lock-free hierarchical handle tables.
 *
 * <p>Start at {@link dev.vmm.handles.HandleTable}: handles are 64-bit values laid out as
 * {@link dev.vmm.handles.HandleLayout} documents, resolved without a lock while the table grows.
 */
module dev.vmm.handles {
  exports dev.vmm.handles;
}

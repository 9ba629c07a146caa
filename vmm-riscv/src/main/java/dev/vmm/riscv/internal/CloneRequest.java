package dev.vmm.riscv.internal;

/**
 * What a {@code clone} for a thread asks for, decoded from its flags.
 *
 * @param stack the child's stack pointer, or 0 to share the parent's
 * @param setTls {@code CLONE_SETTLS}: the child's {@code tp} is {@code tls}
 * @param tls the child's thread pointer
 * @param parentTid where to store the child's id before {@code clone} returns, or 0
 * @param childTid where to store the child's id in the child, or 0
 * @param clearChildTid where to clear the id and wake a futex at the child's exit, or 0
 */
public record CloneRequest(long stack, boolean setTls, long tls, long parentTid, long childTid,
    long clearChildTid) {}

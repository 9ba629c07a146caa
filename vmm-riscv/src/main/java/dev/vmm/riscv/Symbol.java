package dev.vmm.riscv;

/**
 * A function or data object from a program's symbol table.
 *
 * @param name the symbol's name
 * @param address its address (in the loaded program: with the load bias applied)
 * @param size its size in bytes; 0 if the object file did not say
 * @param function whether it is a function ({@code STT_FUNC}) rather than data
 */
public record Symbol(String name, long address, long size, boolean function) {}

package dev.vmm.riscv;

/**
 * Where {@link ElfImage#load(HartMemory, long)} put a program: what a hart needs to start it and
 * what a guest kernel needs for its auxiliary vector and heap.
 *
 * @param entry the address to start at, bias applied
 * @param bias what was added to every address in the file (0 for a fixed-address executable)
 * @param start the lowest address any segment occupies
 * @param end one past the highest address any segment occupies (a heap may start above it)
 * @param programHeaders the address of the program header table in guest memory, for
 *     {@code AT_PHDR}, or 0 if no segment maps it
 * @param programHeaderCount the number of program headers, for {@code AT_PHNUM}
 * @param symbols the program's symbols, bias applied
 */
public record LoadedProgram(
    long entry, long bias, long start, long end, long programHeaders, int programHeaderCount,
    SymbolTable symbols) {}

package dev.vmm.riscv;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Builds the stack Linux hands a new static process: what {@code _start} of a static glibc (or
 * any other libc) program reads to find {@code argc}, {@code argv}, {@code envp} and the auxiliary
 * vector.
 *
 * <p>Layout, from the returned stack pointer upward: {@code argc}; the {@code argv} pointers and
 * a null; the {@code envp} pointers and a null; the auxiliary vector as (type, value) pairs ending
 * with {@code AT_NULL}. Above that lie the 16 {@code AT_RANDOM} bytes and the NUL-terminated
 * strings. The stack pointer is 16-byte aligned, as the RISC-V psABI requires at process entry.
 */
public final class InitialStack {
  /** {@code AT_NULL}: ends the auxiliary vector. */
  public static final int AT_NULL = 0;
  /** {@code AT_PHDR}: the address of the program headers. */
  public static final int AT_PHDR = 3;
  /** {@code AT_PHENT}: the size of one program header. */
  public static final int AT_PHENT = 4;
  /** {@code AT_PHNUM}: the number of program headers. */
  public static final int AT_PHNUM = 5;
  /** {@code AT_PAGESZ}: the page size. */
  public static final int AT_PAGESZ = 6;
  /** {@code AT_BASE}: the interpreter's base; 0 for a static program. */
  public static final int AT_BASE = 7;
  /** {@code AT_FLAGS}: always 0. */
  public static final int AT_FLAGS = 8;
  /** {@code AT_ENTRY}: the program's entry point. */
  public static final int AT_ENTRY = 9;
  /** {@code AT_UID}: the real user id. */
  public static final int AT_UID = 11;
  /** {@code AT_EUID}: the effective user id. */
  public static final int AT_EUID = 12;
  /** {@code AT_GID}: the real group id. */
  public static final int AT_GID = 13;
  /** {@code AT_EGID}: the effective group id. */
  public static final int AT_EGID = 14;
  /** {@code AT_HWCAP}: the ISA extension bits, one per letter ({@code 'a'} is bit 0). */
  public static final int AT_HWCAP = 16;
  /** What this hart implements as Linux reports it in {@code AT_HWCAP}: I, M, A, F, D and C. */
  public static final long HWCAP_IMAFDC = isa("imafdc");
  /** {@code AT_CLKTCK}: the frequency {@code times()} counts in. */
  public static final int AT_CLKTCK = 17;
  /** {@code AT_SECURE}: whether the program runs set-uid; always 0 here. */
  public static final int AT_SECURE = 23;
  /** {@code AT_RANDOM}: the address of 16 random bytes (glibc seeds its stack guard from them). */
  public static final int AT_RANDOM = 25;
  /** {@code AT_EXECFN}: the address of the program's file name. */
  public static final int AT_EXECFN = 31;

  /** The size of an ELF64 program header; the loader refuses any other. */
  static final int PROGRAM_HEADER_SIZE = 56;
  private static final int PAGE_SIZE = 4096;

  private InitialStack() {}

  /**
   * Writes the initial stack below {@code top} through the port and returns the stack pointer
   * to start the program with ({@code x2}).
   *
   * @param memory where to write; must accept stores below {@code top}
   * @param program the loaded program, for the auxiliary vector
   * @param top one past the highest stack byte
   * @param argv the arguments; {@code argv[0]} conventionally the program's name, also used for
   *     {@code AT_EXECFN}; at least one
   * @param envp the environment, {@code NAME=value} strings
   * @param random the 16 bytes {@code AT_RANDOM} points at
   * @return the 16-byte aligned stack pointer, pointing at {@code argc}
   * @throws IllegalArgumentException if {@code argv} is empty or {@code random} is not 16 bytes
   */
  public static long build(HartMemory memory, LoadedProgram program, long top, List<String> argv,
      List<String> envp, byte[] random) {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(program, "program");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv needs at least the program name");
    }
    if (random.length != 16) {
      throw new IllegalArgumentException("AT_RANDOM needs 16 bytes, got " + random.length);
    }
    long at = top & ~15L;
    long[] argPointers = new long[argv.size()];
    for (int i = argv.size() - 1; i >= 0; i--) {
      at = putString(memory, at, argv.get(i));
      argPointers[i] = at;
    }
    long[] envPointers = new long[envp.size()];
    for (int i = envp.size() - 1; i >= 0; i--) {
      at = putString(memory, at, envp.get(i));
      envPointers[i] = at;
    }
    at = (at - 16) & ~15L;
    long randomAt = at;
    for (int i = 0; i < 16; i++) {
      memory.store8(randomAt + i, random[i]);
    }
    long[] auxv = {
        AT_PHDR, program.programHeaders(),
        AT_PHENT, PROGRAM_HEADER_SIZE,
        AT_PHNUM, program.programHeaderCount(),
        AT_PAGESZ, PAGE_SIZE,
        AT_BASE, 0,
        AT_FLAGS, 0,
        AT_ENTRY, program.entry(),
        AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
        AT_HWCAP, HWCAP_IMAFDC,
        AT_CLKTCK, 100,
        AT_SECURE, 0,
        AT_RANDOM, randomAt,
        AT_EXECFN, argPointers[0],
        AT_NULL, 0,
    };
    long words = 1 + argPointers.length + 1 + envPointers.length + 1 + auxv.length;
    long sp = (at - words * 8) & ~15L;
    long p = sp;
    memory.store64(p, argPointers.length);
    p += 8;
    for (long pointer : argPointers) {
      memory.store64(p, pointer);
      p += 8;
    }
    memory.store64(p, 0);
    p += 8;
    for (long pointer : envPointers) {
      memory.store64(p, pointer);
      p += 8;
    }
    memory.store64(p, 0);
    p += 8;
    for (long word : auxv) {
      memory.store64(p, word);
      p += 8;
    }
    return sp;
  }

  /** Stores {@code s} NUL-terminated so that it ends just below {@code end}; returns its start. */
  private static long putString(HartMemory memory, long end, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    long start = end - bytes.length - 1;
    for (int i = 0; i < bytes.length; i++) {
      memory.store8(start + i, bytes[i]);
    }
    memory.store8(start + bytes.length, 0);
    return start;
  }

  private static long isa(String letters) {
    long bits = 0;
    for (char c : letters.toCharArray()) {
      bits |= 1L << (c - 'a');
    }
    return bits;
  }
}

package dev.vmm.riscv;

import dev.vmm.riscv.internal.ElfParser;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated static RISC-V Linux executable: a fixed-address one ({@code ET_EXEC}) or a
 * static position-independent one ({@code ET_DYN} without an interpreter; it relocates itself at
 * startup, so loading needs no relocation here).
 *
 * <p>{@link #parse(byte[])} checks everything {@link #load(HartMemory, long)} relies on: that the
 * file is a 64-bit little-endian RISC-V ELF of one of those types with no {@code PT_INTERP}, that
 * every header, segment and symbol table lies inside the file, and that the entry point lies in a
 * loaded segment. A file that fails any check is refused with an {@link ElfFormatException} naming
 * the {@link ElfFormatException.Reason} and the value that was wrong.
 */
public final class ElfImage {
  /**
   * A {@code PT_LOAD} segment as the file declares it (no bias applied).
   *
   * @param virtualAddress where the segment goes
   * @param memorySize its size in memory; the part beyond {@code fileSize} is zero-filled
   * @param fileOffset where its bytes start in the file
   * @param fileSize how many bytes come from the file
   * @param flags {@code PF_X} (1), {@code PF_W} (2), {@code PF_R} (4)
   */
  public record Segment(
      long virtualAddress, long memorySize, long fileOffset, long fileSize, int flags) {}

  private final byte[] file;
  private final ElfParser.Headers headers;

  private ElfImage(byte[] file, ElfParser.Headers headers) {
    this.file = file;
    this.headers = headers;
  }

  /**
   * Parses and validates an executable. The array is copied.
   *
   * @param file the whole file
   * @return the image
   * @throws ElfFormatException if it is not a static RV64 executable, or is truncated or corrupt
   */
  public static ElfImage parse(byte[] file) throws ElfFormatException {
    byte[] copy = file.clone();
    return new ElfImage(copy, ElfParser.parse(copy));
  }

  /**
   * Returns whether this is a static position-independent executable, which may be loaded at any
   * page-aligned bias.
   *
   * @return true for {@code ET_DYN}, false for {@code ET_EXEC}
   */
  public boolean positionIndependent() {
    return headers.positionIndependent();
  }

  /**
   * Returns the entry point as the file states it (no bias applied).
   *
   * @return the entry address
   */
  public long entry() {
    return headers.entry();
  }

  /**
   * Returns the {@code PT_LOAD} segments in file order.
   *
   * @return an unmodifiable list
   */
  public List<Segment> segments() {
    return headers.segments();
  }

  /**
   * Returns the symbol table ({@code .symtab}) as the file states it: functions and objects,
   * addresses without bias. Empty for a stripped program.
   *
   * @return the symbols
   */
  public SymbolTable symbols() {
    return headers.symbols();
  }

  /**
   * Copies every {@code PT_LOAD} segment into guest memory through the port and zero-fills the
   * rest of each ({@code .bss}). The port must already accept stores to those addresses; with a
   * tagged memory, the caller maps the regions first.
   *
   * @param memory where to write
   * @param bias added to every address: 0 for a fixed-address executable, a page-aligned load
   *     base for a position-independent one
   * @return where the program is, with its entry point and symbols biased
   * @throws IllegalArgumentException if {@code bias} is not 0 for a fixed-address executable, or
   *     not 4 KiB aligned
   */
  public LoadedProgram load(HartMemory memory, long bias) {
    Objects.requireNonNull(memory, "memory");
    if (!positionIndependent() && bias != 0) {
      throw new IllegalArgumentException(
          "a fixed-address (ET_EXEC) program loads only at bias 0, not 0x" + Long.toHexString(bias));
    }
    if ((bias & 0xFFF) != 0) {
      throw new IllegalArgumentException("bias must be 4 KiB aligned, was 0x" + Long.toHexString(bias));
    }
    return ElfParser.load(file, headers, memory, bias);
  }
}

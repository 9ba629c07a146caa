package dev.vmm.riscv.internal;

import static dev.vmm.riscv.ElfFormatException.Reason.CORRUPT;
import static dev.vmm.riscv.ElfFormatException.Reason.DYNAMICALLY_LINKED;
import static dev.vmm.riscv.ElfFormatException.Reason.NOT_ELF;
import static dev.vmm.riscv.ElfFormatException.Reason.TRUNCATED;
import static dev.vmm.riscv.ElfFormatException.Reason.WRONG_ARCHITECTURE;
import static dev.vmm.riscv.ElfFormatException.Reason.WRONG_CLASS;
import static dev.vmm.riscv.ElfFormatException.Reason.WRONG_TYPE;

import dev.vmm.riscv.ElfFormatException;
import dev.vmm.riscv.ElfImage.Segment;
import dev.vmm.riscv.HartMemory;
import dev.vmm.riscv.LoadedProgram;
import dev.vmm.riscv.Symbol;
import dev.vmm.riscv.SymbolTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ELF64 headers with every offset and size checked against the file before use, so a
 * truncated or hostile file gets an {@link ElfFormatException}, never an exception from a buffer.
 */
public final class ElfParser {
  private static final int EM_RISCV = 243;
  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;
  private static final int PT_LOAD = 1;
  private static final int PT_INTERP = 3;
  private static final int PT_PHDR = 6;
  private static final int SHT_SYMTAB = 2;
  private static final int EF_RISCV_RVE = 0x8;
  private static final int EF_RISCV_FLOAT_ABI_QUAD = 0x6;
  private static final int HEADER_SIZE = 64;
  private static final int PHDR_SIZE = 56;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;

  private ElfParser() {}

  /**
   * What parsing established about a file.
   *
   * @param positionIndependent ET_DYN
   * @param entry the unbiased entry point
   * @param segments the PT_LOAD segments
   * @param symbols the unbiased symbols
   * @param programHeaderOffset where the program headers are in the file
   * @param programHeaderCount how many there are
   * @param programHeaderAddress their unbiased guest address, 0 if not mapped
   */
  public record Headers(
      boolean positionIndependent, long entry, List<Segment> segments, SymbolTable symbols,
      long programHeaderOffset, int programHeaderCount, long programHeaderAddress) {}

  /**
   * Parses and validates a file.
   *
   * @param file the whole file
   * @return the headers
   * @throws ElfFormatException naming what is wrong
   */
  public static Headers parse(byte[] file) throws ElfFormatException {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file.length < 4 || in.getInt(0) != 0x464C_457F) {
      throw new ElfFormatException(NOT_ELF, "the file does not start with 0x7f 'E' 'L' 'F'"
          + (file.length < 4 ? " (it is only " + file.length + " bytes)" : ""));
    }
    if (file.length < HEADER_SIZE) {
      throw new ElfFormatException(TRUNCATED,
          "the ELF header needs " + HEADER_SIZE + " bytes, the file has " + file.length);
    }
    if (file[4] != 2 || file[5] != 1) {
      throw new ElfFormatException(WRONG_CLASS, "class " + file[4] + ", data encoding " + file[5]
          + "; RV64 Linux programs are ELFCLASS64 (2), little-endian (1)");
    }
    int type = Short.toUnsignedInt(in.getShort(16));
    int machine = Short.toUnsignedInt(in.getShort(18));
    int flags = in.getInt(48);
    if (machine != EM_RISCV) {
      throw new ElfFormatException(WRONG_ARCHITECTURE,
          "e_machine " + machine + " is not RISC-V (" + EM_RISCV + ")");
    }
    if ((flags & EF_RISCV_RVE) != 0 || (flags & EF_RISCV_FLOAT_ABI_QUAD) == EF_RISCV_FLOAT_ABI_QUAD) {
      throw new ElfFormatException(WRONG_ARCHITECTURE, String.format(
          "e_flags 0x%x asks for the RVE base or the quad-float ABI; this hart is RV64GC", flags));
    }
    if (type != ET_EXEC && type != ET_DYN) {
      throw new ElfFormatException(WRONG_TYPE, "e_type " + type
          + " is neither an executable (2) nor a position-independent executable (3)");
    }
    long entry = in.getLong(24);
    long phoff = in.getLong(32);
    long shoff = in.getLong(40);
    int phentsize = Short.toUnsignedInt(in.getShort(54));
    int phnum = Short.toUnsignedInt(in.getShort(56));
    int shentsize = Short.toUnsignedInt(in.getShort(58));
    int shnum = Short.toUnsignedInt(in.getShort(60));
    if (phnum == 0 || phentsize != PHDR_SIZE) {
      throw new ElfFormatException(CORRUPT, "program headers: " + phnum + " of " + phentsize
          + " bytes; an executable has at least one, of " + PHDR_SIZE + " bytes");
    }
    requireInFile(file, phoff, (long) phnum * PHDR_SIZE, "the program header table");

    List<Segment> segments = new ArrayList<>();
    long phdrAddress = 0;
    for (int i = 0; i < phnum; i++) {
      int at = (int) phoff + i * PHDR_SIZE;
      int ptype = in.getInt(at);
      long offset = in.getLong(at + 8);
      long vaddr = in.getLong(at + 16);
      long filesz = in.getLong(at + 32);
      long memsz = in.getLong(at + 40);
      if (ptype == PT_INTERP) {
        throw new ElfFormatException(DYNAMICALLY_LINKED, "the program asks for an interpreter"
            + " (PT_INTERP): it is dynamically linked; link it statically (gcc -static)");
      }
      if (ptype == PT_PHDR) {
        phdrAddress = vaddr;
      }
      if (ptype == PT_LOAD) {
        if (Long.compareUnsigned(filesz, memsz) > 0) {
          throw new ElfFormatException(CORRUPT, "segment " + i + " has p_filesz " + filesz
              + " larger than p_memsz " + memsz);
        }
        if (vaddr + memsz < vaddr && vaddr + memsz != 0) {
          throw new ElfFormatException(CORRUPT, String.format(
              "segment %d at 0x%x of 0x%x bytes wraps around the address space", i, vaddr, memsz));
        }
        requireInFile(file, offset, filesz, "segment " + i);
        segments.add(new Segment(vaddr, memsz, offset, filesz, in.getInt(at + 4)));
      }
    }
    if (segments.isEmpty()) {
      throw new ElfFormatException(CORRUPT, "no PT_LOAD segment: nothing to run");
    }
    if (segments.stream().noneMatch(s -> Long.compareUnsigned(entry - s.virtualAddress(),
        s.memorySize()) < 0 && (s.flags() & 1) != 0)) {
      throw new ElfFormatException(CORRUPT, String.format(
          "the entry point 0x%x is not inside an executable PT_LOAD segment", entry));
    }
    if (phdrAddress == 0) { // no PT_PHDR: find the load segment that maps the table
      for (Segment s : segments) {
        if (Long.compareUnsigned(phoff - s.fileOffset(), s.fileSize()) < 0) {
          phdrAddress = s.virtualAddress() + (phoff - s.fileOffset());
        }
      }
    }
    SymbolTable symbols = SymbolReader.read(file, in, shoff, shentsize, shnum);
    return new Headers(type == ET_DYN, entry, List.copyOf(segments), symbols, phoff, phnum,
        phdrAddress);
  }

  /**
   * Copies the segments into memory.
   *
   * @param file the file the headers came from
   * @param headers its headers
   * @param memory where to write
   * @param bias added to every address
   * @return where it went
   */
  public static LoadedProgram load(byte[] file, Headers headers, HartMemory memory, long bias) {
    long start = -1;
    long end = 0;
    for (Segment s : headers.segments()) {
      long base = s.virtualAddress() + bias;
      int offset = (int) s.fileOffset();
      for (long i = 0; i < s.fileSize(); i++) {
        memory.store8(base + i, file[offset + (int) i]);
      }
      for (long i = s.fileSize(); i < s.memorySize(); i++) {
        memory.store8(base + i, 0);
      }
      start = Long.compareUnsigned(base, start) < 0 ? base : start;
      end = Long.compareUnsigned(base + s.memorySize(), end) > 0 ? base + s.memorySize() : end;
    }
    long phdr = headers.programHeaderAddress() == 0 ? 0 : headers.programHeaderAddress() + bias;
    return new LoadedProgram(headers.entry() + bias, bias, start, end, phdr,
        headers.programHeaderCount(), headers.symbols().shifted(bias));
  }

  static void requireInFile(byte[] file, long offset, long size, String what)
      throws ElfFormatException {
    if (offset < 0 || size < 0 || offset > file.length || size > file.length - offset) {
      throw new ElfFormatException(TRUNCATED, String.format(
          "%s at file offset 0x%x of 0x%x bytes runs past the end of the file (0x%x bytes)",
          what, offset, size, file.length));
    }
  }

  /** The symbol table: {@code .symtab} and the string table its {@code sh_link} names. */
  static final class SymbolReader {
    private SymbolReader() {}

    static SymbolTable read(byte[] file, ByteBuffer in, long shoff, int shentsize, int shnum)
        throws ElfFormatException {
      if (shnum == 0 || shoff == 0) {
        return SymbolTable.of(List.of());
      }
      if (shentsize != SHDR_SIZE) {
        throw new ElfFormatException(CORRUPT, "section headers of " + shentsize + " bytes, not "
            + SHDR_SIZE);
      }
      requireInFile(file, shoff, (long) shnum * SHDR_SIZE, "the section header table");
      List<Symbol> symbols = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int at = (int) shoff + i * SHDR_SIZE;
        if (in.getInt(at + 4) != SHT_SYMTAB) {
          continue;
        }
        long offset = in.getLong(at + 24);
        long size = in.getLong(at + 32);
        int link = in.getInt(at + 40);
        requireInFile(file, offset, size, "the symbol table");
        if (link <= 0 || link >= shnum) {
          throw new ElfFormatException(CORRUPT, "the symbol table links to section " + link
              + " of " + shnum);
        }
        int strAt = (int) shoff + link * SHDR_SIZE;
        long strOffset = in.getLong(strAt + 24);
        long strSize = in.getLong(strAt + 32);
        requireInFile(file, strOffset, strSize, "the symbol string table");
        for (long sym = offset; sym + SYM_SIZE <= offset + size; sym += SYM_SIZE) {
          int s = (int) sym;
          int kind = file[s + 4] & 0xF;
          long value = in.getLong(s + 8);
          if ((kind == 1 || kind == 2) && value != 0) { // STT_OBJECT, STT_FUNC
            String name = name(file, strOffset, strSize, Integer.toUnsignedLong(in.getInt(s)));
            symbols.add(new Symbol(name, value, in.getLong(s + 16), kind == 2));
          }
        }
      }
      return SymbolTable.of(symbols);
    }

    private static String name(byte[] file, long table, long size, long index)
        throws ElfFormatException {
      if (index >= size) {
        throw new ElfFormatException(CORRUPT, "a symbol name at index " + index
            + " lies outside its string table of " + size + " bytes");
      }
      int from = (int) (table + index);
      int to = from;
      int limit = (int) (table + size);
      while (to < limit && file[to] != 0) {
        to++;
      }
      return new String(file, from, to - from, StandardCharsets.UTF_8);
    }
  }
}

package dev.vmm.riscv.internal;

import dev.vmm.riscv.HartMemory;
import java.util.Arrays;

/**
 * Maps page base addresses to {@link DecodedPage}s, and decodes an instruction the first time its
 * address runs. An open-addressing table of {@code long} keys, so a lookup allocates nothing (a
 * {@code HashMap<Long, ...>} would box). The interpreter looks a page up only when the pc leaves
 * the page it is on; the common case, the next instruction on the same page, never gets here.
 */
final class DecodeCache {
  private static final int INITIAL_CAPACITY = 64;

  private long[] bases = new long[INITIAL_CAPACITY];
  private DecodedPage[] pages = new DecodedPage[INITIAL_CAPACITY];
  private int size;

  /** Returns the page holding {@code pc}, creating it (empty) on first use. */
  DecodedPage page(long pc) {
    long base = pc & ~DecodedPage.OFFSET_MASK;
    int mask = pages.length - 1;
    for (int i = hash(base) & mask; ; i = (i + 1) & mask) {
      DecodedPage page = pages[i];
      if (page == null) {
        return insert(base);
      }
      if (bases[i] == base) {
        return page;
      }
    }
  }

  /**
   * Decodes the instruction at {@code pc} into its slot in {@code page} and returns the word.
   * Fetches one parcel, and a second only for a 32-bit instruction; a fetch that the memory
   * refuses throws, leaving the slot undecoded.
   */
  static int decodeInto(DecodedPage page, long pc, HartMemory memory) {
    int low = memory.fetch16(pc) & 0xFFFF;
    long packed = (low & 3) != 3
        ? CompressedDecoder.decode(low)
        : Decoder.decode(low | memory.fetch16(pc + 2) << 16);
    int slot = DecodedPage.slot(pc);
    page.imms[slot] = Packed.imm(packed);
    page.words[slot] = Packed.word(packed);
    return Packed.word(packed);
  }

  /** Forgets every decoded instruction (after {@code fence.i}, or when the host rewrites code). */
  void clear() {
    Arrays.fill(pages, null);
    size = 0;
  }

  private DecodedPage insert(long base) {
    if (2 * (size + 1) > pages.length) {
      grow();
    }
    DecodedPage page = new DecodedPage(base);
    put(base, page);
    size++;
    return page;
  }

  private void put(long base, DecodedPage page) {
    int mask = pages.length - 1;
    int i = hash(base) & mask;
    while (pages[i] != null) {
      i = (i + 1) & mask;
    }
    bases[i] = base;
    pages[i] = page;
  }

  private void grow() {
    DecodedPage[] old = pages;
    bases = new long[old.length * 2];
    pages = new DecodedPage[old.length * 2];
    for (DecodedPage page : old) {
      if (page != null) {
        put(page.base, page);
      }
    }
  }

  private static int hash(long base) {
    long h = (base >>> DecodedPage.SHIFT) * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h >>> 32);
  }
}

package dev.vmm.riscv;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A program's function and object symbols, sorted by address, for turning a guest address into
 * {@code function+offset}. Immutable.
 */
public final class SymbolTable {
  private static final SymbolTable EMPTY = new SymbolTable(new Symbol[0]);

  private final Symbol[] byAddress;

  private SymbolTable(Symbol[] byAddress) {
    this.byAddress = byAddress;
  }

  /**
   * Creates a table.
   *
   * @param symbols the symbols, in any order
   * @return the table
   */
  public static SymbolTable of(List<Symbol> symbols) {
    Symbol[] sorted = symbols.toArray(Symbol[]::new);
    Arrays.sort(sorted, Comparator.comparingLong(Symbol::address)
        .thenComparing(Comparator.comparingLong(Symbol::size).reversed()));
    return sorted.length == 0 ? EMPTY : new SymbolTable(sorted);
  }

  /**
   * Returns the table with every address moved by {@code bias}, as a position-independent program
   * loaded at {@code bias} sees it.
   *
   * @param bias the amount to add
   * @return the shifted table ({@code this} if {@code bias} is 0)
   */
  public SymbolTable shifted(long bias) {
    if (bias == 0) {
      return this;
    }
    Symbol[] moved = new Symbol[byAddress.length];
    for (int i = 0; i < moved.length; i++) {
      Symbol s = byAddress[i];
      moved[i] = new Symbol(s.name(), s.address() + bias, s.size(), s.function());
    }
    return new SymbolTable(moved);
  }

  /**
   * Returns the symbol whose extent holds {@code address}: the nearest symbol at or below it
   * whose size covers it, or, for a symbol of unknown size (0), that starts exactly there.
   *
   * @param address a guest address
   * @return the symbol, or empty
   */
  public Optional<Symbol> lookup(long address) {
    int low = 0;
    int high = byAddress.length - 1;
    int found = -1;
    while (low <= high) { // the last symbol starting at or below the address
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(byAddress[mid].address(), address) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (int i = found; i >= 0 && i > found - 8; i--) { // a few back: nested or equal starts
      Symbol s = byAddress[i];
      long offset = address - s.address();
      if (offset == 0 || Long.compareUnsigned(offset, s.size()) < 0) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Describes an address as {@code name+0xoffset} ({@code name} alone at offset 0), or as plain
   * hex when no symbol covers it.
   *
   * @param address a guest address
   * @return the description
   */
  public String describe(long address) {
    return lookup(address)
        .map(s -> address == s.address() ? s.name()
            : s.name() + "+0x" + Long.toHexString(address - s.address()))
        .orElse("0x" + Long.toHexString(address));
  }

  /**
   * Finds a symbol by name.
   *
   * @param name the exact name
   * @return the first symbol by address with that name, or empty
   */
  public Optional<Symbol> byName(String name) {
    return Arrays.stream(byAddress).filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * Returns every symbol, sorted by address.
   *
   * @return an unmodifiable list
   */
  public List<Symbol> all() {
    return List.of(byAddress);
  }
}

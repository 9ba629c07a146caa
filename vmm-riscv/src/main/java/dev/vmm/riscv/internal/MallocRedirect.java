package dev.vmm.riscv.internal;

import dev.vmm.memory.Allocation;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.FunctionInterceptor;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.Symbol;
import dev.vmm.riscv.SymbolTable;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves a program's C allocator with vmm-memory's tagged allocator: the entries of
 * {@code malloc}, {@code calloc}, {@code realloc}, {@code free}, {@code memalign},
 * {@code aligned_alloc}, {@code posix_memalign}, {@code malloc_usable_size}, {@code valloc} and
 * {@code pvalloc}, found by name in the symbol table, are intercepted by address (glibc's aliases,
 * such as {@code __libc_malloc}, share them). Every call passes the guest's return address
 * ({@code ra}) as the allocation or free site, so reports name the caller.
 *
 * <p>C's rules are kept where a program can see them: a failed allocation returns NULL (errno is
 * not set: it lives in the guest's thread-local storage), {@code posix_memalign} returns
 * {@code EINVAL} for an alignment that is not a power-of-two multiple of 8 and {@code ENOMEM}
 * when the heap is full, and {@code memalign} rounds an alignment up to a power of two, as glibc
 * does. A bad {@code free} or {@code realloc} is the tagged memory's violation.
 */
public final class MallocRedirect implements FunctionInterceptor {
  /** The functions served, by the names a C library gives them. */
  enum Function {
    MALLOC, CALLOC, REALLOC, FREE, MEMALIGN, POSIX_MEMALIGN, MALLOC_USABLE_SIZE, VALLOC, PVALLOC
  }

  private static final Map<String, Function> NAMES = Map.ofEntries(
      Map.entry("malloc", Function.MALLOC), Map.entry("__libc_malloc", Function.MALLOC),
      Map.entry("calloc", Function.CALLOC), Map.entry("__libc_calloc", Function.CALLOC),
      Map.entry("realloc", Function.REALLOC), Map.entry("__libc_realloc", Function.REALLOC),
      Map.entry("free", Function.FREE), Map.entry("__libc_free", Function.FREE),
      Map.entry("cfree", Function.FREE),
      Map.entry("memalign", Function.MEMALIGN), Map.entry("__libc_memalign", Function.MEMALIGN),
      Map.entry("aligned_alloc", Function.MEMALIGN),
      Map.entry("posix_memalign", Function.POSIX_MEMALIGN),
      Map.entry("malloc_usable_size", Function.MALLOC_USABLE_SIZE),
      Map.entry("valloc", Function.VALLOC), Map.entry("__libc_valloc", Function.VALLOC),
      Map.entry("pvalloc", Function.PVALLOC), Map.entry("__libc_pvalloc", Function.PVALLOC));
  private static final long PAGE = GuestMemory.PAGE_SIZE;
  private static final int EINVAL = 22;
  private static final int ENOMEM = 12;

  private final GuestMemory memory;
  private final Map<Long, Function> entries;

  private MallocRedirect(GuestMemory memory, Map<Long, Function> entries) {
    this.memory = memory;
    this.entries = entries;
  }

  /**
   * Finds the allocator's entries in a program's symbols.
   *
   * @param symbols the loaded program's symbols
   * @param memory the tagged memory whose allocator serves them
   * @return the redirect; {@link #redirects()} is false if no entry was found (a stripped program)
   */
  public static MallocRedirect find(SymbolTable symbols, GuestMemory memory) {
    Map<Long, Function> entries = new HashMap<>();
    for (Symbol s : symbols.all()) {
      Function f = s.function() ? NAMES.get(s.name()) : null;
      if (f != null) {
        entries.put(s.address(), f);
      }
    }
    return new MallocRedirect(memory, Map.copyOf(entries));
  }

  /**
   * Tells whether the program's allocator is redirected.
   *
   * @return true if {@code malloc} and {@code free} were both found
   */
  public boolean redirects() {
    return entries.containsValue(Function.MALLOC) && entries.containsValue(Function.FREE);
  }

  @Override
  public boolean intercepts(long address) {
    return redirects() && entries.containsKey(address);
  }

  @Override
  public void onCall(Hart hart) {
    long site = hart.x(1);
    long a0 = hart.x(10);
    long a1 = hart.x(11);
    long result = switch (entries.get(hart.pc())) {
      case MALLOC -> memory.malloc(a0, site);
      case CALLOC -> memory.calloc(a0, a1, site);
      case REALLOC -> memory.realloc(a0, a1, site);
      case FREE -> {
        memory.free(a0, site);
        yield a0;
      }
      case MEMALIGN -> memory.alignedAlloc(powerOfTwoAtLeast(a0), a1, site);
      case VALLOC -> memory.alignedAlloc(PAGE, a0, site);
      case PVALLOC -> memory.alignedAlloc(PAGE, (a0 + PAGE - 1) & -PAGE, site);
      case POSIX_MEMALIGN -> posixMemalign(hart, a0, a1, hart.x(12), site);
      case MALLOC_USABLE_SIZE -> usableSize(a0);
    };
    hart.setX(10, result);
  }

  private long posixMemalign(Hart hart, long result, long alignment, long size, long site) {
    if (alignment < 8 || Long.bitCount(alignment) != 1) {
      return EINVAL;
    }
    long p = memory.alignedAlloc(alignment, size, site);
    if (p == 0) {
      return ENOMEM;
    }
    try {
      hart.memory().store64(result, p);
    } catch (RuntimeException e) {
      memory.free(p, site);
      throw e;
    }
    return 0;
  }

  private long usableSize(long pointer) {
    Allocation a = pointer == 0 ? null : memory.allocationAt(pointer);
    return a != null && a.state() == Allocation.State.LIVE && a.pointer() == pointer ? a.size() : 0;
  }

  private static long powerOfTwoAtLeast(long alignment) {
    if (Long.compareUnsigned(alignment, 1L << 62) > 0) {
      return 0; // no power of two: alignedAlloc answers NULL
    }
    return alignment <= 1 ? 1 : Long.highestOneBit(alignment - 1) << 1;
  }
}

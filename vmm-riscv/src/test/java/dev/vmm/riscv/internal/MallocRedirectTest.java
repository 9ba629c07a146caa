package dev.vmm.riscv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.Allocation;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.ViolationKind;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartStop;
import dev.vmm.riscv.SegmentHartMemory;
import dev.vmm.riscv.Symbol;
import dev.vmm.riscv.SymbolTable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The allocator functions served by the tagged heap. Each test calls one function's entry with
 * {@code jal ra, entry} from {@link #CALLER}, then {@code ecall}s to halt with a0.
 */
class MallocRedirectTest {
  static final long CODE = 0x1000;
  static final long CALLER = 0x1400;
  static final long DATA = 0x8000;
  static final long HEAP = 0x10000;

  static final List<String> NAMES = List.of("malloc", "calloc", "realloc", "free", "memalign",
      "aligned_alloc", "posix_memalign", "malloc_usable_size", "valloc", "pvalloc");

  final GuestMemory memory = GuestMemory.builder().size(1 << 20).tagSeed(3)
      .readOnly(CODE, 0x1000).ram(DATA, 0x1000).heap(HEAP, 0x40000).build();
  final SegmentHartMemory host = new SegmentHartMemory(memory.physical(), 0);

  @AfterEach
  void close() {
    memory.close();
  }

  /** Functions at CODE + 0x10 * i, in NAMES order; __libc_malloc aliases malloc. */
  static SymbolTable symbols() {
    List<Symbol> symbols = new java.util.ArrayList<>();
    for (int i = 0; i < NAMES.size(); i++) {
      symbols.add(new Symbol(NAMES.get(i), entry(NAMES.get(i)), 16, true));
    }
    symbols.add(new Symbol("__libc_malloc", entry("malloc"), 16, true));
    symbols.add(new Symbol("caller", CALLER, 16, true));
    return SymbolTable.of(symbols);
  }

  static long entry(String name) {
    return CODE + 0x10L * NAMES.indexOf(name);
  }

  /** Calls {@code name} with the arguments; returns a0 after it returned to the caller. */
  long call(String name, long... args) {
    MallocRedirect redirect = MallocRedirect.find(symbols(), memory);
    Hart hart = Hart.create(new TaggedMemoryPort(memory, new long[] {CODE, CODE + 0x1000}),
        h -> h.halt(h.x(10)), redirect);
    int offset = (int) (entry(name) - CALLER);
    host.store32(CALLER, jal(1, offset));
    host.store32(CALLER + 4, 0x73); // ecall
    for (int i = 0; i < args.length; i++) {
      hart.setX(10 + i, args[i]);
    }
    hart.setPc(CALLER);
    HartStop stop = hart.run(100);
    assertThat(stop).as("%s returned to its caller", name)
        .isInstanceOf(HartStop.Halted.class).extracting(HartStop::pc).isEqualTo(CALLER + 4);
    return ((HartStop.Halted) stop).status();
  }

  static int jal(int rd, int offset) {
    return (offset & 0x100000) << 11 | (offset & 0x7FE) << 20 | (offset & 0x800) << 9
        | (offset & 0xFF000) | rd << 7 | 0x6F;
  }

  @Test
  void eachFunctionIsFoundAndAnUnstrippedProgramIsRedirected() {
    assertThat(MallocRedirect.find(symbols(), memory).redirects()).isTrue();
    assertThat(MallocRedirect.find(SymbolTable.of(List.of()), memory).redirects()).isFalse();
  }

  @Nested
  class Allocation_ {
    @Test
    void mallocReturnsATaggedPointerWithTheCallersReturnAddressAsSite() {
      long p = call("malloc", 24);

      Allocation a = memory.allocationAt(p);
      assertThat(memory.layout().tag(p)).isNotZero();
      assertThat(a.size()).isEqualTo(24);
      assertThat(a.allocationSite()).isEqualTo(CALLER + 4);
    }

    @Test
    void callocZeroesAndReallocMoves() {
      long p = call("calloc", 3, 8);
      assertThat(memory.load64(p + 16)).isZero();
      memory.store64(p, 77);

      long q = call("realloc", p, 4096);

      assertThat(memory.load64(q)).isEqualTo(77);
      assertThat(memory.allocationAt(q).size()).isEqualTo(4096);
    }

    @Test
    void theAlignedFunctionsAlign() {
      assertThat(memory.layout().address(call("memalign", 100, 10)) % 128).isZero();
      assertThat(memory.layout().address(call("aligned_alloc", 256, 10)) % 256).isZero();
      assertThat(memory.layout().address(call("valloc", 10)) % 4096).isZero();
      assertThat(memory.allocationAt(call("pvalloc", 10)).size()).isEqualTo(4096);
    }

    @Test
    void posixMemalignStoresThePointerAndReturnsErrorCodes() {
      assertThat(call("posix_memalign", DATA, 64, 100)).isZero();
      long p = memory.load64(DATA);
      assertThat(memory.layout().address(p) % 64).isZero();
      assertThat(memory.allocationAt(p).size()).isEqualTo(100);

      assertThat(call("posix_memalign", DATA + 8, 3, 100)).as("EINVAL").isEqualTo(22);
      assertThat(call("posix_memalign", DATA + 8, 64, 1L << 40)).as("ENOMEM").isEqualTo(12);
    }

    @Test
    void mallocUsableSizeIsTheRequestedSize() {
      long p = call("malloc", 13);

      assertThat(call("malloc_usable_size", p)).isEqualTo(13);
      assertThat(call("malloc_usable_size", p + 1)).isZero();
      assertThat(call("malloc_usable_size", 0)).isZero();
    }

    @Test
    void anExhaustedHeapReturnsNull() {
      assertThat(call("malloc", 1L << 40)).isZero();
    }
  }

  @Nested
  class Free {
    @Test
    void freeRecordsTheCallersReturnAddress() {
      long p = memory.malloc(16, 0);

      call("free", p);

      assertThat(memory.allocationAt(p).state()).isEqualTo(Allocation.State.QUARANTINED);
      assertThat(memory.allocationAt(p).freeSite()).isEqualTo(CALLER + 4);
    }

    @Test
    void aDoubleFreeStopsTheHartAtFreeWithTheCallerAsSite() {
      long p = memory.malloc(16, 0);
      memory.free(p, 0);
      Hart hart = Hart.create(new TaggedMemoryPort(memory, new long[] {CODE, CODE + 0x1000}),
          h -> h.halt(0), MallocRedirect.find(symbols(), memory));
      host.store32(CALLER, jal(1, (int) (entry("free") - CALLER)));
      hart.setX(10, p);
      hart.setPc(CALLER);

      HartStop stop = hart.run(100);

      assertThat(stop.pc()).isEqualTo(entry("free"));
      var violation = ((HartStop.MemoryFault) stop).violation().orElseThrow();
      assertThat(violation.kind()).isEqualTo(ViolationKind.DOUBLE_FREE);
      assertThat(violation.site()).isEqualTo(CALLER + 4);
    }
  }
}

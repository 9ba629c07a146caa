package dev.vmm.riscv;

import static dev.vmm.riscv.Asm.ECALL;
import static dev.vmm.riscv.Asm.addi;
import static dev.vmm.riscv.Asm.i;
import static dev.vmm.riscv.Asm.jal;
import static dev.vmm.riscv.Asm.ld;
import static dev.vmm.riscv.Asm.lui;
import static dev.vmm.riscv.Asm.lw;
import static dev.vmm.riscv.Asm.sw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.GuestMemory;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;
import dev.vmm.riscv.SegmentHartMemory;
import dev.vmm.riscv.internal.TaggedMemoryPort;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A hart running on vmm-memory's tagged {@link GuestMemory} through its port. */
class TaggedMemoryHartTest {
  static final long CODE = 0x1000;
  static final long DATA = 0x8000;
  static final long HEAP = 0x10000;
  static final long INTERCEPTED = 0x1800;

  final GuestMemory memory = GuestMemory.builder().size(1 << 20).tagSeed(7)
      .readOnly(CODE, 0x1000).ram(DATA, 0x1000).heap(HEAP, 0x10000).build();
  final TaggedMemoryPort port = new TaggedMemoryPort(memory, new long[] {CODE, CODE + 0x1000});
  final List<Long> intercepted = new ArrayList<>();
  final Hart hart = Hart.create(port, h -> h.halt(h.x(10)), new FunctionInterceptor() {
    @Override
    public boolean intercepts(long address) {
      return address == INTERCEPTED;
    }

    @Override
    public void onCall(Hart h) {
      intercepted.add(h.pc());
      memory.free(h.x(10), h.x(1));
      h.setX(10, 42);
    }
  });

  @AfterEach
  void close() {
    memory.close();
  }

  /** Writes code through the host path: the code region is read-only to the guest. */
  void code(long at, int... instructions) {
    SegmentHartMemory host = new SegmentHartMemory(memory.physical(), 0);
    for (int instruction : instructions) {
      host.store32(at, instruction);
      at += 4;
    }
  }

  HartStop runWithA0(long a0) {
    hart.setPc(CODE);
    hart.setX(10, a0);
    return hart.run(1000);
  }

  static Violation violationOf(HartStop stop) {
    assertThat(stop).isInstanceOf(HartStop.MemoryFault.class);
    return ((HartStop.MemoryFault) stop).violation().orElseThrow();
  }

  @Nested
  class LoadsAndStores {
    @Test
    void aTaggedPointerReachesItsAllocationThroughGuestArithmetic() {
      long p = memory.malloc(16, 0);
      memory.store32(p + 12, 0x1234);
      code(CODE, addi(11, 10, 8), lw(10, 11, 4), ECALL);

      assertThat(runWithA0(p)).isEqualTo(new HartStop.Halted(CODE + 8, 0x1234));
    }

    @Test
    void aLoadThroughAFreedPointerStopsWithTheTypedViolation() {
      long p = memory.malloc(16, 0x77);
      memory.free(p, 0x88);
      code(CODE, addi(5, 0, 1), lw(6, 10, 4), ECALL);

      HartStop stop = runWithA0(p);

      Violation v = violationOf(stop);
      assertThat(stop.pc()).isEqualTo(CODE + 4);
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.access()).isEqualTo(AccessKind.READ);
      assertThat(v.allocation().allocationSite()).isEqualTo(0x77);
      assertThat(v.allocation().freeSite()).isEqualTo(0x88);
      assertThat(hart.x(5)).as("the instructions before ran").isEqualTo(1);
    }

    @Test
    void aStoreOnePastTheEndIsAnOverflow() {
      long p = memory.malloc(16, 0);
      code(CODE, sw(0, 10, 16), ECALL);

      Violation v = violationOf(runWithA0(p));

      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(v.access()).isEqualTo(AccessKind.WRITE);
      assertThat(v.offset()).isEqualTo(16);
    }

    @Test
    void aStoreToReadOnlyCodeIsRefused() {
      code(CODE, sw(0, 10, 0), ECALL);

      assertThat(violationOf(runWithA0(CODE)).kind()).isEqualTo(ViolationKind.READ_ONLY_WRITE);
    }
  }

  @Nested
  class PartialLoads {
    @Test
    void anAlignedWordRunningPastTheEndReadsTheAllocationsBytesAndZeros() {
      long p = memory.malloc(5, 0);
      memory.physical().fill((byte) 0x5A); // stale bytes past the end must not show
      for (int k = 0; k < 5; k++) {
        memory.store8(p + k, k + 1);
      }
      code(CODE, ld(10, 10, 0), ECALL);

      assertThat(runWithA0(p)).isEqualTo(new HartStop.Halted(CODE + 4, 0x05_04_03_02_01L));
    }

    @Test
    void anAlignedWordStartingAtTheEndIsStillAnOverflow() {
      long p = memory.malloc(8, 0);
      code(CODE, ld(10, 10, 8), ECALL);

      assertThat(violationOf(runWithA0(p)).kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }

    @Test
    void aMisalignedWordRunningPastTheEndIsAnOverflow() {
      long p = memory.malloc(6, 0);
      code(CODE, lw(10, 10, 3), ECALL);

      assertThat(violationOf(runWithA0(p)).kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
    }
  }

  @Nested
  class InstructionFetch {
    @Test
    void aJumpIntoTheHeapStopsNamingTheTarget() {
      code(CODE, i(0, 10, 0, 0, 0x67)); // jalr x0, 0(a0)

      HartStop stop = runWithA0(HEAP);

      assertThat(stop.pc()).isEqualTo(HEAP);
      assertThat(((HartStop.MemoryFault) stop).cause())
          .isInstanceOf(InstructionFetchException.class)
          .hasMessageContaining("0x10000").hasMessageContaining("non-executable memory (HEAP");
      assertThat(((HartStop.MemoryFault) stop).violation()).isEmpty();
    }

    @Test
    void aJumpIntoUnmappedMemoryStopsNamingTheTarget() {
      code(CODE, lui(10, 0x40), i(0, 10, 0, 0, 0x67));

      HartStop stop = runWithA0(0);

      assertThat(stop.pc()).isEqualTo(0x40000);
      assertThat(stop.describe()).contains("instruction fetch at 0x40000 from unmapped memory");
    }
  }

  @Nested
  class InterceptedFunctions {
    @Test
    void aCallIsServedByTheHostAndReturnsToRa() {
      long p = memory.malloc(16, 0);
      code(CODE, jal(1, (int) (INTERCEPTED - CODE)), ECALL);

      HartStop stop = runWithA0(p);

      assertThat(stop).isEqualTo(new HartStop.Halted(CODE + 4, 42));
      assertThat(intercepted).containsExactly(INTERCEPTED);
      assertThat(memory.allocationAt(p).freeSite()).isEqualTo(CODE + 4);
    }

    @Test
    void aViolationInTheServedCallStopsAtTheEntry() {
      long p = memory.malloc(16, 0);
      memory.free(p, 0);
      code(CODE, jal(1, (int) (INTERCEPTED - CODE)), ECALL);

      HartStop stop = runWithA0(p);

      assertThat(stop.pc()).isEqualTo(INTERCEPTED);
      assertThat(violationOf(stop).kind()).isEqualTo(ViolationKind.DOUBLE_FREE);
      assertThat(hart.pc()).isEqualTo(INTERCEPTED);
      assertThat(hart.x(10)).as("a0 untouched").isEqualTo(p);
    }
  }
}

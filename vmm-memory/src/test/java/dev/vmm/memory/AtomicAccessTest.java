package dev.vmm.memory;

import static dev.vmm.memory.GuestMemoryTest.standard;
import static dev.vmm.memory.GuestMemoryTest.violationOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link GuestMemory#compareAndSet32} and {@link GuestMemory#compareAndSet64}. */
class AtomicAccessTest {
  final GuestMemory memory = standard().build();

  @AfterEach
  void close() {
    memory.close();
  }

  @Nested
  class Semantics {
    @Test
    void aMatchingValueIsReplacedLittleEndian() {
      long p = memory.malloc(16, 1);
      memory.store32(p, 7);
      memory.store64(p + 8, -7);

      assertThat(memory.compareAndSet32(p, 7, 0x0102_0304)).isTrue();
      assertThat(memory.compareAndSet64(p + 8, -7, 0x0102_0304_0506_0708L)).isTrue();

      assertThat(memory.load8(p)).isEqualTo((byte) 0x04);
      assertThat(memory.load32(p)).isEqualTo(0x0102_0304);
      assertThat(memory.load64(p + 8)).isEqualTo(0x0102_0304_0506_0708L);
    }

    @Test
    void aDifferentValueIsLeftAsItIs() {
      long p = memory.malloc(16, 1);
      memory.store32(p, 7);
      memory.store64(p + 8, 9);

      assertThat(memory.compareAndSet32(p, 8, 1)).isFalse();
      assertThat(memory.compareAndSet64(p + 8, 10, 1)).isFalse();

      assertThat(memory.load32(p)).isEqualTo(7);
      assertThat(memory.load64(p + 8)).isEqualTo(9);
    }

    @Test
    void untaggedRamWorksToo() {
      memory.store64(GuestMemoryTest.RAM, 3);

      assertThat(memory.compareAndSet64(GuestMemoryTest.RAM, 3, 4)).isTrue();
      assertThat(memory.load64(GuestMemoryTest.RAM)).isEqualTo(4);
    }
  }

  @Nested
  class Checks {
    @Test
    void aFreedAllocationIsAUseAfterFreeWrite() {
      long p = memory.malloc(16, 0x11);
      memory.free(p, 0x22);

      Violation v = violationOf(() -> memory.compareAndSet64(p, 0, 1));

      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.access()).isEqualTo(AccessKind.WRITE);
      assertThat(v.size()).isEqualTo(8);
    }

    @Test
    void pastTheEndIsAnOverflowAndWritesNothing() {
      long p = memory.malloc(12, 1);

      Violation v = violationOf(() -> memory.compareAndSet64(p + 8, 0, -1));

      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(memory.load32(p + 8)).isZero();
    }

    @Test
    void readOnlyMemoryIsRefused() {
      Violation v = violationOf(() -> memory.compareAndSet32(GuestMemoryTest.ROM, 0, 1));

      assertThat(v.kind()).isEqualTo(ViolationKind.READ_ONLY_WRITE);
    }

    @Test
    void aMisalignedAddressIsHostMisuseNamingIt() {
      long p = memory.malloc(16, 1);

      assertThatThrownBy(() -> memory.compareAndSet64(p + 4, 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("8-byte aligned").hasMessageContaining(Long.toHexString(p + 4));
      assertThatThrownBy(() -> memory.compareAndSet32(p + 2, 0, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4-byte aligned");
    }

    @Test
    void aRefusalTheHandlerContinuesPastReportsSuccessAndWritesNothing() {
      List<Violation> seen = new ArrayList<>();
      try (GuestMemory m = standard().violationHandler(seen::add).build()) {
        long p = m.malloc(8, 1);
        m.free(p, 2);

        // True, so that a guest CPU's compare-and-swap retry loop ends.
        assertThat(m.compareAndSet64(p, 0, 5)).isTrue();

        assertThat(seen).extracting(Violation::kind)
            .containsExactly(ViolationKind.HEAP_USE_AFTER_FREE);
        assertThat(m.physical().get(java.lang.foreign.ValueLayout.JAVA_LONG,
            m.layout().address(p))).isNotEqualTo(5);
      }
    }
  }

  @Nested
  class Concurrency {
    @Test
    void incrementsFromSeveralThreadsAreNeverLost() throws Exception {
      long p = memory.malloc(8, 1);
      int threads = 4;
      int each = 50_000;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            for (int i = 0; i < each; i++) {
              long seen;
              do {
                seen = memory.load64(p);
              } while (!memory.compareAndSet64(p, seen, seen + 1));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(memory.load64(p)).isEqualTo((long) threads * each);
    }
  }
}

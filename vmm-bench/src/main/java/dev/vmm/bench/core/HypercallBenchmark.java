package dev.vmm.bench.core;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.Vmm;
import dev.vmm.memory.GuestMemory;
import dev.vmm.riscv.Hart;
import dev.vmm.riscv.HartMemory;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hypercall round trip, handle resolved and a guest pointer read, three ways:
 *
 * <ul>
 *   <li>{@code plainCall}: the peer, a Java method doing the same work directly (resolve the
 *       handle in the same table with the same owner check, load the same eight bytes through
 *       the same checked memory, add);
 *   <li>{@code dispatch}: the dispatcher's plain entry point (number range, table, the
 *       service's context, error mapping);
 *   <li>{@code ecallThroughHart}: a guest loop of {@code ecall}s on a real hart, through the
 *       guest kernel's ecall chain (4 instructions per call: two moves, the ecall, the jump back).
 * </ul>
 *
 * <p>The difference between the first two is what the ABI costs; run with {@code -prof gc} to
 * see that none allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class HypercallBenchmark {
  static final int ECALLS = 1024;
  private static final int S0 = 8;
  private static final int S1 = 9;

  private Vmm vmm;
  private Guest guest;
  private long handle;
  private long pointer;
  private Hart hart;

  /** A VMM with the tally service, one guest, its tally and an 8-byte buffer in its heap. */
  @Setup(Level.Trial)
  public void build() {
    vmm = Vmm.builder().service(new TallyService()).build();
    guest = vmm.create(GuestConfig.builder("bench").memorySize(4 << 20).build());
    handle = vmm.objects().insert(TallyService.KIND, new Tally(guest));
    pointer = guest.memory().malloc(8, 0);
    guest.memory().store64(pointer, 1);
    hart = loopingHart(guest.memory());
  }

  /** loop: a0 = s0; a1 = s1; ecall; j loop, with a7 = TALLY set once. */
  private Hart loopingHart(GuestMemory memory) {
    int[] code = {
        0x00040513, // addi a0, s0, 0
        0x00048593, // addi a1, s1, 0
        0x00000073, // ecall
        0xFF5FF06F, // jal x0, -12
    };
    MemorySegment text = memory.physical().asSlice(GuestConfig.CODE_BASE, code.length * 4L);
    for (int i = 0; i < code.length; i++) {
      text.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, i, code[i]);
    }
    HartMemory port = HartMemory.onGuestMemory(
        memory, GuestConfig.CODE_BASE, GuestConfig.CODE_BASE + GuestConfig.CODE_SIZE);
    Hart looping = Hart.create(port, vmm.hypercalls().ecallHandler(guest, h -> {
      throw new IllegalStateException("the loop makes only hypercalls");
    }));
    looping.setPc(GuestConfig.CODE_BASE);
    looping.setX(17, TallyService.NUMBER);
    looping.setX(S0, handle);
    looping.setX(S1, pointer);
    return looping;
  }

  /** Closes the VMM. */
  @TearDown(Level.Trial)
  public void close() {
    vmm.close();
  }

  /** The peer: the same work as a Java method call. */
  @Benchmark
  public long plainCall() {
    Tally tally = vmm.objects().resolve(guest, TallyService.KIND, handle);
    if (tally == null) {
      return -9;
    }
    return tally.total += guest.memory().load64(pointer);
  }

  /** Through the dispatcher's plain entry point. */
  @Benchmark
  public long dispatch() {
    return vmm.hypercalls().dispatch(guest, TallyService.NUMBER, handle, pointer, 0, 0, 0, 0);
  }

  /** From guest code: {@value #ECALLS} ecalls per invocation, scored per call. */
  @Benchmark
  @OperationsPerInvocation(ECALLS)
  public long ecallThroughHart() {
    hart.run(4L * ECALLS);
    return hart.x(10);
  }
}

package dev.vmm.bench.update;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.update.SigningKey;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateHypercalls;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the updatable block costs per call: the same hypercall (read eight bytes of guest memory
 * through the checks, add {@code a0}) registered two ways in one VMM, dispatched from the host.
 *
 * <ul>
 *   <li>{@code fixed}: the peer, registered with the dispatcher when the VMM is built, as any
 *       hypercall outside the block;
 *   <li>{@code updatable}: at {@link UpdateAbi#UPDATABLE_BASE}, the store's active table (the
 *       factory version's here), reached through vmm-update's forwarder: one volatile read of the
 *       active version, an array load, the call.
 * </ul>
 *
 * <p>Run with {@code -prof gc} to see that neither allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class UpdatableHypercallBenchmark {
  static final long FIXED = HypercallAbi.BASE + 0x801;

  private Path dir;
  private UpdateStore store;
  private Vmm vmm;
  private Guest guest;
  private long pointer;

  /** A store whose factory version serves the call in the block, and a VMM serving it at FIXED too. */
  @Setup(Level.Trial)
  public void build() throws IOException {
    dir = Files.createTempDirectory("vmm-updatable-bench");
    SigningKey key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));
    store = UpdateStore.builder(dir.resolve("store")).trustRoot(TrustRoot.of(1, List.of(key.trustedKey())))
        .factoryVersion(UpdateVersion.parse("1.0.0"))
        .factoryHypercalls(new LoadAdd(UpdateAbi.UPDATABLE_BASE)).open();
    vmm = UpdateHypercalls.build(Vmm.builder().service(new LoadAdd(FIXED)), store);
    guest = vmm.create(GuestConfig.builder("bench").memorySize(4 << 20).build());
    pointer = guest.memory().malloc(8, 0);
    guest.memory().store64(pointer, 1);
  }

  /** Closes the VMM and the store and deletes the store's directory. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    vmm.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** The peer: a number of the dispatcher's own table. */
  @Benchmark
  public long fixed() {
    return vmm.hypercalls().dispatch(guest, FIXED, 2, pointer, 0, 0, 0, 0);
  }

  /** A number of the updatable block, through the forwarder. */
  @Benchmark
  public long updatable() {
    return vmm.hypercalls().dispatch(guest, UpdateAbi.UPDATABLE_BASE, 2, pointer, 0, 0, 0, 0);
  }

  /** {@code LOAD_ADD(a0, pointer)}: the eight bytes at {@code pointer} plus {@code a0}. */
  private static final class LoadAdd implements HypercallService {
    private final long number;

    LoadAdd(long number) {
      this.number = number;
    }

    @Override
    public String name() {
      return "load-add";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(number, "load-add", LoadAdd::loadAdd);
    }

    private static long loadAdd(HypercallContext context, long a0, long pointer, long a2, long a3, long a4, long a5) {
      return context.memory().load64(pointer) + a0;
    }
  }
}

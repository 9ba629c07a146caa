package dev.vmm.bench.update;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.Vmm;
import dev.vmm.update.SigningKey;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateHypercalls;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
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
 * Commit latency: the COMMIT hypercall of a staged, complete package (re-verify the header, unpack
 * and sync the version directory, switch the fsynced pointer, load the jars in a layer of their
 * own, health-check, confirm with a second pointer write). Each measured call commits the next
 * version, staged (not measured) before it; single-shot, since a commit is a one-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CommitBenchmark {
  private Path dir;
  private SigningKey key;
  private UpdateStore store;
  private Vmm vmm;
  private GuestSender sender;
  private int version = 1;
  private long session;
  private byte[] digest;

  @Setup(Level.Trial)
  public void build() throws Exception {
    dir = Files.createTempDirectory("vmm-commit-bench");
    key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));
    store = UpdateStore.builder(dir.resolve("store")).trustRoot(TrustRoot.of(1, List.of(key.trustedKey())))
        .factoryVersion(UpdateVersion.parse("1.0.0")).open();
    vmm = UpdateHypercalls.build(Vmm.builder(), store);
    Guest guest = vmm.create(GuestConfig.builder("committer").memorySize(16 << 20).build());
    vmm.start(guest);
    sender = new GuestSender(vmm.hypercalls(), guest);
  }

  /** Stages the next version completely, so the measured call is the commit alone. */
  @Setup(Level.Iteration)
  public void stageNext() throws Exception {
    version++;
    Path payload = Files.write(dir.resolve("vmm-" + version + ".zip"), ServicePayload.zip(version));
    Path pkg = dir.resolve("update-" + version + ".vmmpkg");
    UpdatePackage.builder().vmm(new UpdateVersion(1, version, 0), payload)
        .expiresAt(Instant.now().plus(Duration.ofDays(1))).signedBy(key).writeTo(pkg);
    UpdatePackage opened = UpdatePackage.open(pkg);
    session = sender.transfer(opened.signedHeader(), Files.readAllBytes(payload));
    digest = HexFormat.of().parseHex(opened.manifest().digest());
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    vmm.close();
    store.close();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public long commit() {
    long result = sender.commit(session, digest);
    if (result != 1) {
      throw new IllegalStateException("COMMIT of 1." + version + ".0 returned " + result);
    }
    return result;
  }
}

package dev.vmm.bench.update;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.Vmm;
import dev.vmm.update.SigningKey;
import dev.vmm.update.StagingSession;
import dev.vmm.update.TrustRoot;
import dev.vmm.update.UpdateHypercalls;
import dev.vmm.update.UpdatePackage;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.UpdateVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
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
 * Guest-to-VMM transfer of a 256 MiB VMM payload, in-process, one whole transfer per invocation
 * (BEGIN, 1024 frames of 256 KiB through a 1 MiB channel, COMPLETE with the signed SHA-256 check,
 * then ABORT so the next starts from nothing). Each operation is one MiB, so the score is MiB/s:
 *
 * <ul>
 *   <li>{@code guestToVmm}: the whole path, every byte through the guest's checked memory twice
 *       (bounce buffer, ring), CRC32C per frame, staged to disk with the running SHA-256;
 *   <li>{@code stagingOnly}: the peer without a guest, {@code StagingSession.accept} in 256 KiB
 *       chunks straight from a host array: what the channel and the hypercalls add;
 *   <li>{@code hashAndWrite}: the floor, what any staging must do: SHA-256 and a file write.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TransferBenchmark {
  static final int MIB = 1 << 20;
  static final int PAYLOAD = 256 * MIB;

  private Path dir;
  private byte[] payload;
  private byte[] signedHeader;
  private UpdateStore store;
  private Vmm vmm;
  private GuestSender sender;

  @Setup(Level.Trial)
  public void build() throws Exception {
    dir = Files.createTempDirectory("vmm-transfer-bench");
    payload = new byte[PAYLOAD];
    new SplittableRandom(256).nextBytes(payload);
    Path payloadFile = Files.write(dir.resolve("payload.bin"), payload);
    SigningKey key = SigningKey.generate(dir.resolve("k.key"), dir.resolve("k.pub"));
    Path pkg = dir.resolve("update.vmmpkg");
    UpdatePackage.builder().vmm(UpdateVersion.parse("2.0.0"), payloadFile)
        .expiresAt(Instant.now().plus(Duration.ofDays(1))).signedBy(key).writeTo(pkg);
    signedHeader = UpdatePackage.open(pkg).signedHeader();
    store = UpdateStore.builder(dir.resolve("store")).trustRoot(TrustRoot.of(1, List.of(key.trustedKey())))
        .factoryVersion(UpdateVersion.parse("1.0.0")).open();
    vmm = UpdateHypercalls.build(Vmm.builder(), store);
    Guest guest = vmm.create(GuestConfig.builder("sender").memorySize(64 << 20).build());
    vmm.start(guest);
    sender = new GuestSender(vmm.hypercalls(), guest);
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
  @OperationsPerInvocation(PAYLOAD / MIB)
  public void guestToVmm() {
    sender.abort(sender.transfer(signedHeader, payload));
  }

  @Benchmark
  @OperationsPerInvocation(PAYLOAD / MIB)
  public void stagingOnly() throws Exception {
    StagingSession session = store.beginStaging(signedHeader);
    CRC32C crc = new CRC32C();
    for (int offset = 0; offset < PAYLOAD; offset += GuestSender.FRAME_DATA) {
      crc.reset();
      crc.update(payload, offset, GuestSender.FRAME_DATA);
      session.accept(offset, ByteBuffer.wrap(payload, offset, GuestSender.FRAME_DATA), (int) crc.getValue());
    }
    store.abortStaging(session.complete().manifestDigest());
  }

  @Benchmark
  @OperationsPerInvocation(PAYLOAD / MIB)
  public byte[] hashAndWrite() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Path file = dir.resolve("copy.bin");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int offset = 0; offset < PAYLOAD; offset += GuestSender.FRAME_DATA) {
        sha.update(payload, offset, GuestSender.FRAME_DATA);
        out.write(payload, offset, GuestSender.FRAME_DATA);
      }
    }
    Files.delete(file);
    return sha.digest();
  }
}

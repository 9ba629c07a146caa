package dev.vmm.update;

import dev.vmm.update.internal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A store directory, packages of test service jars, and a sender that plays the guest's part. */
final class StoreFixture {
  static final UpdateVersion FACTORY = UpdateVersion.parse("1.0.0");

  final TestPackages packages;
  final Path root;

  StoreFixture(Path dir) {
    this.packages = new TestPackages(dir);
    this.root = dir.resolve("store");
  }

  UpdateStore.Builder builder() {
    return UpdateStore.builder(root).trustRoot(packages.trustRoot).factoryVersion(FACTORY).clock(TestPackages.CLOCK);
  }

  UpdateStore open() throws IOException {
    return builder().open();
  }

  /** A package whose VMM payload is the echo service of that version. */
  Path pack(String version, boolean healthy) throws IOException {
    UpdateVersion v = UpdateVersion.parse(version);
    return packages.write(packages.builder(version, ServiceJars.payloadFile(packages.dir, v, healthy)));
  }

  /** A package whose VMM payload is a hypercall service making these registrations. */
  Path packHypercalls(String version, ServiceJars.Registration... registrations) throws IOException {
    UpdateVersion v = UpdateVersion.parse(version);
    return packages.write(packages.builder(version,
        packages.write(ServiceJars.hypercallPayload(v, List.of(registrations)))));
  }

  Path pack(String version) throws IOException {
    return pack(version, true);
  }

  static byte[] payload(Path packageFile) throws Exception {
    try (InputStream in = UpdatePackage.open(packageFile).openVmmPayload()) {
      return in.readAllBytes();
    }
  }

  static void send(StagingSession session, byte[] payload, long from, long to, int chunk) throws Exception {
    for (long offset = from; offset < to; offset += chunk) {
      byte[] bytes = Arrays.copyOfRange(payload, (int) offset, (int) Math.min(to, offset + chunk));
      session.accept(offset, ByteBuffer.wrap(bytes), Digests.crc32c(bytes, 0, bytes.length));
    }
  }

  /** Plays the whole guest side up to the commit: header, every chunk, complete. */
  static StagedUpdate stage(UpdateStore store, Path packageFile) throws Exception {
    StagingSession session = store.beginStaging(UpdatePackage.open(packageFile).signedHeader());
    byte[] payload = payload(packageFile);
    send(session, payload, session.heldLength(), payload.length, 1000);
    return session.complete();
  }

  static CommitResult install(UpdateStore store, Path packageFile) throws Exception {
    return store.commit(stage(store, packageFile).manifestDigest());
  }

  static long echo(VmmServices services, long argument) {
    return services.find(ServiceJars.SERVICE).orElseThrow().call(argument, 0, 0, 0);
  }
}

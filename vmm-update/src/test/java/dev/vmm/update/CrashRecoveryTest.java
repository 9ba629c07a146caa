package dev.vmm.update;

import static dev.vmm.update.StoreFixture.echo;
import static dev.vmm.update.StoreFixture.install;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.HypercallService;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real child JVM, killed with SIGKILL ({@code destroyForcibly} on Linux) while it waits at a
 * crash point inside the store; then the store is opened again here and must hold the old
 * version or the new one, whole, and resume or clean up. The child runs on the class path, so
 * these tests also load service layers the way a class-path VMM does (the others run on the module
 * path).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  static final UpdateVersion OLD = UpdateVersion.parse("1.1.0");
  static final UpdateVersion NEW = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;
  StoreFixture fixture;
  Path newPackage;

  @BeforeEach
  void installTheOldVersion() throws Exception {
    fixture = new StoreFixture(dir);
    try (UpdateStore store = fixture.open()) {
      install(store, fixture.pack(OLD.toString()));
    }
    newPackage = fixture.pack(NEW.toString());
  }

  /** Runs the child to the point, kills it there, and returns the store reopened. */
  UpdateStore crashAt(CrashChild.Point point) throws Exception {
    Path classes = Path.of("target", "classes").toAbsolutePath();
    Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
    assertThat(classes.resolve("dev/vmm/update/UpdateStore.class")).exists();
    // vmm-core too: the store loads its hypercall table, whose types are vmm-core's.
    Path core = Path.of(HypercallService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classes.toString(), testClasses.toString(), core.toString()),
        CrashChild.class.getName(),
        fixture.root.toString(), dir.resolve("release.pub").toString(), newPackage.toString(), point.name())
        .redirectError(dir.resolve("child.err").toFile())
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("child said (stderr: %s)", stderr()).isEqualTo("READY");
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    return fixture.open();
  }

  String stderr() throws IOException {
    Path err = dir.resolve("child.err");
    return Files.exists(err) ? Files.readString(err) : "";
  }

  List<String> versionDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(fixture.root.resolve("versions"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  void assertOnlyTheOldVersion(UpdateStore store) throws IOException {
    assertThat(store.status().activeVersion()).isEqualTo(OLD);
    assertThat(echo(store.services(), 7)).isEqualTo(ServiceJars.marker(OLD) + 7);
    assertThat(versionDirectories()).singleElement().asString().startsWith(OLD + "-");
  }

  void assertCommitsTheNewVersion(UpdateStore store, StagingSession session) throws Exception {
    assertThat(store.commit(session.manifestDigest()).committed()).isTrue();
    assertThat(echo(store.services(), 7)).isEqualTo(ServiceJars.marker(NEW) + 7);
    assertThat(store.status().previous().orElseThrow().version()).isEqualTo(OLD);
  }

  @Test
  void killedMidTransferKeepsTheOldVersionAndResumesFromTheVerifiedPrefix() throws Exception {
    try (UpdateStore store = crashAt(CrashChild.Point.MID_TRANSFER)) {
      assertOnlyTheOldVersion(store);
      StagingSession session = store.staging().orElseThrow();
      assertThat(session.heldLength()).isEqualTo(CrashChild.MID_TRANSFER_HELD);

      byte[] payload = StoreFixture.payload(newPackage);
      StoreFixture.send(session, payload, session.heldLength(), payload.length, CrashChild.CHUNK);
      session.complete();
      assertCommitsTheNewVersion(store, session);
    }
  }

  @Test
  void killedAfterStagingKeepsTheOldVersionAndTheCompleteStaging() throws Exception {
    try (UpdateStore store = crashAt(CrashChild.Point.AFTER_STAGING)) {
      assertOnlyTheOldVersion(store);
      StagedUpdate staged = store.status().staged().orElseThrow();
      assertThat(staged.complete()).isTrue();
      assertThat(staged.manifest().vmm().version()).isEqualTo(NEW);

      assertCommitsTheNewVersion(store, store.staging().orElseThrow());
    }
  }

  @Test
  void killedMidCommitKeepsTheOldVersionDeletesTheHalfInstalledOneAndCanCommitAgain() throws Exception {
    try (UpdateStore store = crashAt(CrashChild.Point.MID_COMMIT)) {
      assertOnlyTheOldVersion(store);
      assertThat(store.status().staged().orElseThrow().complete()).isTrue();

      assertCommitsTheNewVersion(store, store.staging().orElseThrow());
    }
  }

  @Test
  void killedBeforeTheHealthCheckRollsTheTrialBackToTheOldVersion() throws Exception {
    try (UpdateStore store = crashAt(CrashChild.Point.BEFORE_HEALTH_CHECK)) {
      assertOnlyTheOldVersion(store);
      UpdateStatus status = store.status();
      assertThat(status.lastRollback().orElseThrow())
          .isEqualTo("VMM 1.2.0 was on trial when the process stopped, before its health check passed");
      assertThat(status.staged()).isEmpty();
      assertThat(status.canRollBack()).as("the factory version is still the rollback target").isTrue();
      assertThat(status.previous()).isEmpty();
    }
  }
}

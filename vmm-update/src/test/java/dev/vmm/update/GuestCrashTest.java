package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-side crash points: a real child JVM running a VMM and the updater's guest is killed
 * with SIGKILL there; the next start (here, in this JVM) must end with the old version everywhere
 * or the new one everywhere, never a mix. (Mid-transfer is the VMM side's, in
 * {@link CrashRecoveryTest}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuestCrashTest {
  static final UpdateVersion NEW = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;
  StoreFixture fixture;
  Path pkg;

  @BeforeEach
  void packageANewVersion() throws Exception {
    fixture = new StoreFixture(dir);
    try (UpdateStore store = fixture.open()) {
      assertThat(store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
    }
    pkg = fixture.pack(NEW.toString());
  }

  void crashAt(String point, String sourceKey, String source) throws Exception {
    List<String> classPath = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      if (!value.isEmpty()) {
        classPath.add(value);
      }
    }
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + CrashableUpdater.POINT + "=" + point, "-cp", String.join(File.pathSeparator, classPath),
        GuestCrashChild.class.getName(), fixture.root.toString(), dir.resolve("release.pub").toString(),
        dir.resolve("guest-home").toString(), sourceKey, source)
        .redirectError(dir.resolve("child.err").toFile()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("child said (stderr: %s)", Files.exists(dir.resolve("child.err"))
          ? Files.readString(dir.resolve("child.err")) : "").isEqualTo("READY");
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  /** The next start: the plain updater over the same home, source and store. */
  GuestRig restart(String sourceKey, String source, List<String> events) throws Exception {
    GuestRig rig = new GuestRig(fixture, dir);
    var progress = rig.startUpdater(GuestUpdater.NAME, sourceKey, source);
    assertThat(rig.follow(progress)).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);
    events.addAll(rig.events);
    return rig;
  }

  void assertNewEverywhere(GuestRig rig) throws Exception {
    assertThat(rig.store.status().activeVersion()).isEqualTo(NEW);
    assertThat(StoreFixture.echo(rig.store.services(), 3)).isEqualTo(ServiceJars.marker(NEW) + 3);
    assertThat(rig.installedExtension("net-source")).isEqualTo("2.0.0");
    assertThat(rig.installedExtension("updater")).isEqualTo("1.0.1");
    assertThat(rig.home.resolve("apply")).doesNotExist();
  }

  @Test
  void killedDuringTheDownloadResumesItWithARangeRequest() throws Exception {
    long half = Files.size(pkg) / 2;
    try (PackageServer server = new PackageServer(pkg, 0)) {
      String url = server.uri().toString();
      server.pauseFirstDownloadAtHalf();
      crashAt("downloaded>" + half, GuestUpdater.SOURCE_URL, url);
      server.resume();
      long partial = Files.size(dir.resolve("guest-home/download/package.part"));
      assertThat(partial).isBetween(half, Files.size(pkg) - 1);

      List<String> events = new ArrayList<>();
      try (GuestRig rig = restart(GuestUpdater.SOURCE_URL, url, events)) {
        assertThat(server.ranges).containsExactly("none", "bytes=" + partial + "-");
        assertNewEverywhere(rig);
      }
    }
  }

  @Test
  void killedBetweenTwoExtensionSwitchesUndoesTheFirstThenInstallsTheWholeSet() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("guest-inbox"));
    Files.copy(pkg, inbox.resolve(pkg.getFileName()));
    crashAt("switched net-source", GuestUpdater.SOURCE_DIR, inbox.toString());
    assertThat(dir.resolve("guest-home/extensions/net-source/version")).as("a mix on disk at the kill").exists();
    assertThat(dir.resolve("guest-home/extensions/updater")).doesNotExist();
    try (UpdateStore store = fixture.open()) {
      assertThat(store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(store.status().staged().orElseThrow().complete()).isTrue();
    }

    List<String> events = new ArrayList<>();
    try (GuestRig rig = restart(GuestUpdater.SOURCE_DIR, inbox.toString(), events)) {
      assertThat(events.getFirst()).isEqualTo("APPLYING_EXTENSIONS an interrupted extension apply was undone");
      String resumed = "holds " + payloadLength() + " of";
      assertThat(events).anyMatch(e -> e.startsWith("TRANSFERRING") && e.contains(resumed));
      assertNewEverywhere(rig);
    }
  }

  long payloadLength() throws Exception {
    return UpdatePackage.open(pkg).manifest().vmm().length();
  }
}

package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestState;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole path: a package in the guest's inbox, through the updater and the hypercalls, to a commit. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuestUpdaterTest {
  static final UpdateVersion NEW = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;
  GuestRig rig;

  @BeforeEach
  void rig() throws Exception {
    rig = new GuestRig(dir);
  }

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  @Nested
  class Installing {
    @Test
    void aPackageInTheInboxEndsWithTheNewVmmAndTheNewExtensionsAndEveryPhaseReported() throws Exception {
      Path pkg = rig.fixture.pack(NEW.toString());
      HostChannel progress = rig.startUpdater();
      rig.drop(pkg);

      assertThat(rig.follow(progress)).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);

      assertThat(rig.store.status().activeVersion()).isEqualTo(NEW);
      assertThat(StoreFixture.echo(rig.store.services(), 5)).isEqualTo(ServiceJars.marker(NEW) + 5);
      assertThat(rig.installedExtension("updater")).isEqualTo("1.0.1");
      assertThat(rig.installedExtension("net-source")).isEqualTo("2.0.0");
      try (var in = UpdatePackage.open(pkg).openExtensionPayload("updater")) {
        assertThat(rig.home.resolve("extensions/updater/payload")).hasBinaryContent(in.readAllBytes());
      }
      assertThat(rig.events).extracting(e -> e.split(" ")[0]).containsSubsequence("FOUND", "VERIFYING",
          "TRANSFERRING", "APPLYING_EXTENSIONS", "COMMITTING", "COMMITTED");
      assertThat(rig.home.resolve("apply")).doesNotExist();
    }

    @Test
    void theNextServiceCallReachesTheCommittedCodeWhileTheGuestKeepsRunning() throws Exception {
      UpdateVersion old = UpdateVersion.parse("1.1.0");
      StoreFixture.install(rig.store, rig.fixture.pack(old.toString()));
      Guest caller = rig.vmm.create(rig.config("caller").build());
      rig.vmm.start(caller);
      long name = caller.memory().malloc(16, 0);
      byte[] echo = ServiceJars.SERVICE.getBytes(StandardCharsets.UTF_8);
      caller.memory().copyIn(name, echo, 0, echo.length);
      assertThat(serviceCall(caller, name, echo.length, 7)).isEqualTo(ServiceJars.marker(old) + 7);

      HostChannel progress = rig.startUpdater();
      rig.drop(rig.fixture.pack(NEW.toString()));
      assertThat(rig.follow(progress)).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);

      assertThat(serviceCall(caller, name, echo.length, 7)).isEqualTo(ServiceJars.marker(NEW) + 7);
      assertThat(caller.state()).isEqualTo(GuestState.RUNNING);
    }

    @Test
    void anUpdatableHypercallCommittedThroughTheUpdaterAnswersWithTheNewCodeForARunningGuest() throws Exception {
      UpdateVersion old = UpdateVersion.parse("1.1.0");
      StoreFixture.install(rig.store, rig.fixture.packHypercalls(old.toString(),
          new ServiceJars.Registration(UpdateAbi.UPDATABLE_BASE, ServiceJars.CallKind.ECHO)));
      Guest caller = rig.vmm.create(rig.config("caller").build());
      rig.vmm.start(caller);
      assertThat(updatableCall(caller, UpdateAbi.UPDATABLE_BASE, 7)).isEqualTo(ServiceJars.marker(old) + 7);
      assertThat(updatableCall(caller, UpdateAbi.UPDATABLE_END, 7)).isEqualTo(HypercallError.NO_SUCH_CALL.code());

      HostChannel progress = rig.startUpdater();
      rig.drop(rig.fixture.packHypercalls(NEW.toString(),
          new ServiceJars.Registration(UpdateAbi.UPDATABLE_BASE, ServiceJars.CallKind.ECHO),
          new ServiceJars.Registration(UpdateAbi.UPDATABLE_END, ServiceJars.CallKind.ECHO)));
      assertThat(rig.follow(progress)).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);

      assertThat(updatableCall(caller, UpdateAbi.UPDATABLE_BASE, 7)).isEqualTo(ServiceJars.marker(NEW) + 7);
      assertThat(updatableCall(caller, UpdateAbi.UPDATABLE_END, 7)).isEqualTo(ServiceJars.marker(NEW) + 7);
      assertThat(caller.state()).isEqualTo(GuestState.RUNNING);
    }

    long updatableCall(Guest guest, long number, long argument) {
      return rig.vmm.hypercalls().dispatch(guest, number, argument, 0, 0, 0, 0, 0);
    }

    long serviceCall(Guest guest, long name, int length, long argument) {
      return rig.vmm.hypercalls().dispatch(guest, UpdateAbi.SERVICE_CALL, name, length, argument, 0, 0, 0);
    }
  }

  @Nested
  class OverHttp {
    @Test
    void aDroppedDownloadResumesWithARangeRequestAndTheUpdateCompletes() throws Exception {
      Path pkg = rig.fixture.pack(NEW.toString());
      try (PackageServer server = new PackageServer(pkg, 1)) {
        List<Long> downloaded = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        HostChannel progress = rig.startUpdater(GuestUpdater.NAME, GuestUpdater.SOURCE_URL, server.uri().toString());
        GuestUpdatePhase end = GuestUpdater.follow(progress, new GuestUpdateListener() {
          @Override
          public void phase(GuestUpdatePhase phase, String detail) {
            rig.events.add(phase + " " + detail);
          }

          @Override
          public void progress(GuestUpdatePhase phase, long done, long total) {
            if (phase == GuestUpdatePhase.DOWNLOADING) {
              downloaded.add(done);
            }
          }
        }, GuestRig.WAIT);

        assertThat(end).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);
        long half = Files.size(pkg) / 2;
        assertThat(server.ranges).containsExactly("none", "bytes=" + half + "-");
        assertThat(downloaded).contains(half, Files.size(pkg));
        assertThat(rig.store.status().activeVersion()).isEqualTo(NEW);
        assertThat(rig.installedExtension("updater")).isEqualTo("1.0.1");
      }
    }
  }

  @Nested
  class OverHttps {
    @Test
    void aServerChainingToTheConfiguredCertificatesIsTrustedAndTheUpdateCompletes()
        throws Exception {
      SelfSignedServer tls = SelfSignedServer.create(Files.createDirectories(dir.resolve("tls")));
      Path pkg = rig.fixture.pack(NEW.toString());
      try (PackageServer server = new PackageServer(pkg, 0, tls.server())) {
        HostChannel progress = rig.startUpdater(GuestUpdater.NAME, java.util.Map.of(
            GuestUpdater.SOURCE_URL, server.uri().toString(),
            GuestUpdater.TLS_TRUST, tls.certificate().toString()));

        assertThat(rig.follow(progress)).as("events %s", rig.events)
            .isEqualTo(GuestUpdatePhase.COMMITTED);
        assertThat(server.uri().getScheme()).isEqualTo("https");
        assertThat(server.ranges).containsExactly("none");
        assertThat(rig.store.status().activeVersion()).isEqualTo(NEW);
      }
    }

    @Test
    void aServerTheGuestDoesNotTrustGetsNoDownloadAndNothingIsInstalled() throws Exception {
      SelfSignedServer tls = SelfSignedServer.create(Files.createDirectories(dir.resolve("tls")));
      try (PackageServer server = new PackageServer(rig.fixture.pack(NEW.toString()), 0,
          tls.server())) {
        HostChannel progress =
            rig.startUpdater(GuestUpdater.NAME, GuestUpdater.SOURCE_URL, server.uri().toString());
        java.util.concurrent.CompletableFuture<String> refusal =
            new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
          try {
            GuestUpdater.follow(progress, new GuestUpdateListener() {
              @Override
              public void phase(GuestUpdatePhase phase, String detail) {
                if (detail.startsWith("no package yet")) {
                  refusal.complete(detail);
                }
              }
            }, GuestRig.WAIT);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

        assertThat(refusal.get(30, java.util.concurrent.TimeUnit.SECONDS))
            .containsIgnoringCase("certif");
        assertThat(server.ranges).isEmpty();
        assertThat(rig.store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      }
    }

    @Test
    void aTrustFileWithoutCertificatesStopsTheUpdaterNamingIt() throws Exception {
      Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

      Guest guest = rig.vmm.create(rig.config("updater-guest").extensions(GuestUpdater.NAME)
          .setting(GuestUpdater.HOME, dir.resolve("home").toString())
          .setting(GuestUpdater.SOURCE_URL, "https://127.0.0.1:1/update.vmmpkg")
          .setting(GuestUpdater.TLS_TRUST, empty.toString()).build());
      rig.vmm.start(guest);

      assertThat(guest.awaitExit(GuestRig.WAIT)).get().asString()
          .contains(GuestUpdater.TLS_TRUST).contains(empty.toString());
    }
  }

  @Nested
  class OverHttpWithoutRanges {
    @Test
    void aServerThatAnswersARangeRequestWithTheWholeFileIsReadFromTheStart() throws Exception {
      Path pkg = rig.fixture.pack(NEW.toString());
      try (PackageServer server = new PackageServer(pkg, 1)) {
        server.ignoreRanges();
        HostChannel progress = rig.startUpdater(GuestUpdater.NAME, GuestUpdater.SOURCE_URL, server.uri().toString());

        assertThat(rig.follow(progress)).as("events %s", rig.events).isEqualTo(GuestUpdatePhase.COMMITTED);
        assertThat(server.ranges).containsExactly("none", "bytes=" + Files.size(pkg) / 2 + "-");
        assertThat(rig.store.status().activeVersion()).isEqualTo(NEW);
      }
    }
  }

  @Nested
  class AllOrNothing {
    @Test
    void anExtensionThatFailsItsCheckRollsBackTheOthersAndAbortsTheVmmStaging() throws Exception {
      installExtension("net-source", "3.0.0");
      HostChannel progress = rig.startUpdater();
      rig.drop(rig.fixture.pack(NEW.toString()));

      assertThat(rig.follow(progress)).isEqualTo(GuestUpdatePhase.FAILED);
      assertThat(rig.events.getLast()).contains("NOT_NEWER", "net-source");
      assertThat(rig.store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(rig.store.status().staged()).as("the VMM staging was aborted").isEmpty();
      assertThat(rig.installedExtension("updater")).as("never switched").isNull();
      assertThat(rig.installedExtension("net-source")).isEqualTo("3.0.0");
      assertThat(rig.home.resolve("apply")).doesNotExist();
    }

    @Test
    void aVmmVersionThatFailsItsHealthCheckTakesTheExtensionsBackWithIt() throws Exception {
      installExtension("updater", "1.0.0");
      HostChannel progress = rig.startUpdater();
      rig.drop(rig.fixture.pack(NEW.toString(), false));

      assertThat(rig.follow(progress)).isEqualTo(GuestUpdatePhase.ROLLED_BACK);
      assertThat(rig.events.getLast()).contains("health check");
      assertThat(rig.store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(rig.installedExtension("updater")).isEqualTo("1.0.0");
      assertThat(rig.installedExtension("net-source")).isNull();
    }

    @Test
    void aPackageTheVmmDoesNotTrustChangesNothing() throws Exception {
      Path forged = rig.fixture.packages.write(UpdatePackage.builder()
          .vmm(NEW, ServiceJars.payloadFile(dir, NEW, true)).expiresAt(TestPackages.EXPIRY)
          .signedBy(rig.fixture.packages.otherKey("mallory")));
      HostChannel progress = rig.startUpdater();
      rig.drop(forged);

      assertThat(rig.follow(progress)).isEqualTo(GuestUpdatePhase.FAILED);
      assertThat(rig.events.getLast()).contains("UNKNOWN_KEY");
      assertThat(rig.store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(rig.store.status().staged()).isEmpty();
      assertThat(rig.home.resolve("extensions")).doesNotExist();
    }

    void installExtension(String name, String version) throws Exception {
      Path installed = rig.home.resolve("extensions").resolve(name);
      Files.createDirectories(installed);
      Files.writeString(installed.resolve("version"), version);
      Files.write(installed.resolve("payload"), List.of("old " + name));
    }
  }
}

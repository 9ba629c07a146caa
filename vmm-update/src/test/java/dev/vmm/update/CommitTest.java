package dev.vmm.update;

import static dev.vmm.update.StoreFixture.echo;
import static dev.vmm.update.StoreFixture.install;
import static dev.vmm.update.StoreFixture.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class CommitTest {
  static final UpdateVersion V110 = UpdateVersion.parse("1.1.0");
  static final UpdateVersion V120 = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;
  StoreFixture fixture;
  UpdateStore store;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new StoreFixture(dir);
    store = fixture.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  static UpdateRejectedException rejected(Executable call) {
    UpdateRejectedException e = catchThrowableOfType(UpdateRejectedException.class, () -> call.execute());
    assertThat(e).as("expected a rejection").isNotNull();
    return e;
  }

  List<String> versionDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(fixture.root.resolve("versions"))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Nested
  class Committing {
    @Test
    void aCommittedUpdateServesNewCallsFromItsOwnJars() throws Exception {
      assertThat(store.services().version()).isEqualTo(StoreFixture.FACTORY);
      assertThat(store.services().find(ServiceJars.SERVICE)).isEmpty();

      CommitResult result = install(store, fixture.pack("1.1.0"));

      assertThat(result).isEqualTo(new CommitResult(true, V110, java.util.Optional.empty()));
      assertThat(echo(store.services(), 5)).isEqualTo(ServiceJars.marker(V110) + 5);
      UpdateStatus status = store.status();
      assertThat(status.activeVersion()).isEqualTo(V110);
      assertThat(status.installed().orElseThrow().version()).isEqualTo(V110);
      assertThat(status.previous()).isEmpty();
      assertThat(status.canRollBack()).isTrue();
      assertThat(status.staged()).isEmpty();
      assertThat(fixture.root.resolve("staging")).doesNotExist();
    }

    @Test
    void holdersOfTheOldServiceKeepRunningItWhileNewLookupsGetTheNewOne() throws Exception {
      install(store, fixture.pack("1.1.0"));
      VmmService held = store.services().find(ServiceJars.SERVICE).orElseThrow();

      install(store, fixture.pack("1.2.0"));

      assertThat(held.call(1, 0, 0, 0)).isEqualTo(ServiceJars.marker(V110) + 1);
      assertThat(echo(store.services(), 1)).isEqualTo(ServiceJars.marker(V120) + 1);
      assertThat(held.getClass().getClassLoader()).isNotSameAs(
          store.services().find(ServiceJars.SERVICE).orElseThrow().getClass().getClassLoader());
      assertThat(store.status().previous().orElseThrow().version()).isEqualTo(V110);
    }

    @Test
    void onlyTheActiveAndThePreviousVersionStayOnDisk() throws Exception {
      install(store, fixture.pack("1.1.0"));
      install(store, fixture.pack("1.2.0"));
      install(store, fixture.pack("1.3.0"));

      assertThat(versionDirectories()).hasSize(2).allMatch(n -> n.startsWith("1.2.0-") || n.startsWith("1.3.0-"));
    }

    @Test
    void theCommittedVersionIsActiveAgainAfterARestart() throws Exception {
      install(store, fixture.pack("1.1.0"));
      store.close();

      store = fixture.open();

      assertThat(store.status().activeVersion()).isEqualTo(V110);
      assertThat(echo(store.services(), 2)).isEqualTo(ServiceJars.marker(V110) + 2);
    }

    @Test
    void aSecondOpenOfTheSameStoreIsRefused() {
      assertThatThrownBy(() -> fixture.open()).isInstanceOf(IOException.class)
          .hasMessageContaining("another process has the update store");
    }
  }

  @Nested
  class HealthCheckAndRollback {
    @Test
    void aServiceFailingItsOwnCheckIsRolledBackAutomatically() throws Exception {
      install(store, fixture.pack("1.1.0"));

      CommitResult result = install(store, fixture.pack("1.2.0", false));

      assertThat(result.committed()).isFalse();
      assertThat(result.activeVersion()).isEqualTo(V110);
      assertThat(result.healthFailure().orElseThrow()).contains("VMM 1.2.0 failed its health check")
          .contains("echo is broken on purpose");
      assertThat(echo(store.services(), 0)).isEqualTo(ServiceJars.marker(V110));
      assertThat(store.status().lastRollback()).isEqualTo(result.healthFailure());
      assertThat(versionDirectories()).hasSize(1).allMatch(n -> n.startsWith("1.1.0-"));
    }

    @Test
    void theVmmsOwnCheckCanRefuseAVersion() throws Exception {
      store.close();
      store = fixture.builder().healthCheck(services -> {
        if (StoreFixture.echo(services, 0) % 2 == 0) {
          throw new IllegalStateException("echo answers " + StoreFixture.echo(services, 0));
        }
      }).open();

      CommitResult result = install(store, fixture.pack("1.1.0"));

      assertThat(result.committed()).isFalse();
      assertThat(result.healthFailure().orElseThrow()).contains("echo answers " + ServiceJars.marker(V110));
      assertThat(store.services().version()).isEqualTo(StoreFixture.FACTORY);
    }

    @Test
    void anExplicitRollbackReturnsToThePreviousVersionOnce() throws Exception {
      install(store, fixture.pack("1.1.0"));
      install(store, fixture.pack("1.2.0"));

      UpdateStatus status = store.rollback();

      assertThat(status.activeVersion()).isEqualTo(V110);
      assertThat(status.canRollBack()).isFalse();
      assertThat(echo(store.services(), 0)).isEqualTo(ServiceJars.marker(V110));
      assertThatThrownBy(() -> store.rollback()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("VMM 1.1.0 is active and there is no previous version");
    }

    @Test
    void rollingBackTheFirstUpdateReturnsToTheFactoryServices() throws Exception {
      install(store, fixture.pack("1.1.0"));

      UpdateStatus status = store.rollback();

      assertThat(status.activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(status.installed()).isEmpty();
      assertThat(versionDirectories()).isEmpty();
    }

    @Test
    void listenersHearEveryDurableStepInOrder() throws Exception {
      List<String> heard = new ArrayList<>();
      store.close();
      store = fixture.builder().listener(new UpdateListener() {
        @Override
        public void phase(UpdatePhase phase, UpdateVersion version) {
          heard.add(phase + " " + version);
        }
      }).open();

      install(store, fixture.pack("1.1.0"));
      install(store, fixture.pack("1.2.0", false));

      assertThat(heard).containsExactly("STAGED 1.1.0", "UNPACKED 1.1.0", "ACTIVATED 1.1.0", "HEALTH_CHECK 1.1.0",
          "CONFIRMED 1.1.0", "STAGED 1.2.0", "UNPACKED 1.2.0", "ACTIVATED 1.2.0", "HEALTH_CHECK 1.2.0",
          "ROLLED_BACK 1.1.0");
    }
  }

  @Nested
  class BindingToThePackage {
    @Test
    void commitNamesTheStagedPackageOrIsRefused() throws Exception {
      stage(store, fixture.pack("1.1.0"));
      String other = UpdatePackage.open(fixture.pack("1.2.0")).manifest().digest();

      UpdateRejectedException e = rejected(() -> store.commit(other));

      assertThat(e.reason()).isEqualTo(Rejection.WRONG_PACKAGE);
      assertThat(e).hasMessageContaining(other);
      assertThat(store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
    }

    @Test
    void anotherPackagesPayloadUnderThisHeaderNeverCompletes() throws Exception {
      Path first = fixture.pack("1.1.0");
      Path second = fixture.pack("1.2.0");
      StagingSession session = store.beginStaging(UpdatePackage.open(second).signedHeader());
      byte[] foreign = StoreFixture.payload(first);

      UpdateRejectedException e = rejected(() -> {
        StoreFixture.send(session, foreign, 0, Math.min(foreign.length, session.length()), 1000);
        session.complete();
      });

      assertThat(e.reason()).isIn(Rejection.DIGEST_MISMATCH, Rejection.TRUNCATED);
      assertThat(rejected(() -> store.commit(session.manifestDigest())).reason()).isEqualTo(Rejection.NOT_STAGED);
    }

    @Test
    void anIncompleteStagingCannotBeCommitted() throws Exception {
      StagingSession session = store.beginStaging(UpdatePackage.open(fixture.pack("1.1.0")).signedHeader());

      UpdateRejectedException e = rejected(() -> store.commit(session.manifestDigest()));

      assertThat(e.reason()).isEqualTo(Rejection.NOT_STAGED);
      assertThat(e).hasMessageContaining("holds 0 of " + session.length() + " bytes");
    }

    @Test
    void aSignedPayloadThatIsNotAZipOfJarsIsRefusedAndDiscarded() throws Exception {
      Path notZip = fixture.packages.write(fixture.packages.builder("1.1.0", fixture.packages.randomFile(4000, 3)));

      UpdateRejectedException e = rejected(() -> install(store, notZip));

      assertThat(e.reason()).isEqualTo(Rejection.BAD_PAYLOAD);
      assertThat(store.status().activeVersion()).isEqualTo(StoreFixture.FACTORY);
      assertThat(store.status().staged()).isEmpty();
      assertThat(versionDirectories()).isEmpty();
    }

    @Test
    void aZipEntryThatIsNotATopLevelJarIsRefusedByName() throws Exception {
      Path payload = fixture.packages.write(ServiceJars.zip("../escape.jar", new byte[10]));
      Path file = fixture.packages.write(fixture.packages.builder("1.1.0", payload));

      UpdateRejectedException e = rejected(() -> install(store, file));

      assertThat(e.reason()).isEqualTo(Rejection.BAD_PAYLOAD);
      assertThat(e).hasMessageContaining("'../escape.jar'");
      assertThat(dir.resolve("store/escape.jar")).doesNotExist();
    }
  }

  @Nested
  class ReopeningDamagedState {
    @Test
    void aStateFileChangedByHandStopsOpenNamingIt() throws Exception {
      install(store, fixture.pack("1.1.0"));
      store.close();
      Files.writeString(fixture.root.resolve("state"), "active ../../etc\n");

      assertThatThrownBy(() -> store = fixture.open()).isInstanceOf(IOException.class)
          .hasMessageContaining("is not a vmm-update state file").hasMessageContaining("active ../../etc");
      store = UpdateStore.builder(dir.resolve("other")).trustRoot(fixture.packages.trustRoot)
          .factoryVersion(StoreFixture.FACTORY).open();
    }

    @Test
    void anActiveVersionWhoseJarsNoLongerLoadIsRolledBackOnOpen() throws Exception {
      install(store, fixture.pack("1.1.0"));
      install(store, fixture.pack("1.2.0"));
      store.close();
      String active = versionDirectories().stream().filter(n -> n.startsWith("1.2.0-")).findFirst().orElseThrow();
      try (Stream<Path> jars = Files.list(fixture.root.resolve("versions").resolve(active).resolve("jars"))) {
        for (Path jar : jars.toList()) {
          Files.delete(jar);
        }
      }

      store = fixture.open();

      assertThat(store.status().activeVersion()).isEqualTo(V110);
      assertThat(store.status().lastRollback().orElseThrow()).contains("the jars of VMM 1.2.0");
      assertThat(echo(store.services(), 0)).isEqualTo(ServiceJars.marker(V110));
    }
  }
}

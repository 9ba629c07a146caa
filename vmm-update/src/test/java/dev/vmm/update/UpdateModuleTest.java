package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.core.Guest;
import dev.vmm.core.HypercallError;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.HostChannel;
import dev.vmm.core.Vmm;
import dev.vmm.update.dagger.UpdateSettings;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** UpdateModule in a component of a test's own: the store it opens is what the VMM's guests reach. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UpdateModuleTest {
  static final UpdateVersion OLD = UpdateVersion.parse("1.1.0");
  static final UpdateVersion NEW = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;

  UpdateTestComponent component(StoreFixture fixture) {
    return DaggerUpdateTestComponent.factory().create(new UpdateSettings(
        fixture.root, fixture.packages.trustRoot, StoreFixture.FACTORY, TestPackages.CLOCK));
  }

  @Nested
  class Wiring {
    @Test
    void theVmmAnswersServiceCallsFromTheComponentsStore() throws Exception {
      StoreFixture fixture = new StoreFixture(dir);
      UpdateTestComponent component = component(fixture);
      try (UpdateStore store = component.store(); Vmm vmm = component.vmm()) {
        StoreFixture.install(store, fixture.pack(OLD.toString()));
        Guest caller = vmm.create(config("caller").build());
        vmm.start(caller);
        byte[] echo = ServiceJars.SERVICE.getBytes(StandardCharsets.UTF_8);
        long name = caller.memory().malloc(16, 0);
        caller.memory().copyIn(name, echo, 0, echo.length);

        assertThat(vmm.hypercalls().dispatch(caller, UpdateAbi.SERVICE_CALL, name, echo.length, 7,
            0, 0, 0)).isEqualTo(ServiceJars.marker(OLD) + 7);
      }
    }

    @Test
    void theVmmForwardsTheUpdatableBlockToTheActiveVersionsHypercalls() throws Exception {
      StoreFixture fixture = new StoreFixture(dir);
      UpdateTestComponent component = component(fixture);
      try (UpdateStore store = component.store(); Vmm vmm = component.vmm()) {
        Guest caller = vmm.create(config("caller").build());
        vmm.start(caller);
        long number = UpdateAbi.UPDATABLE_BASE;

        long before = vmm.hypercalls().dispatch(caller, number, 7, 0, 0, 0, 0, 0);
        StoreFixture.install(store,
            fixture.packHypercalls(OLD.toString(), UpdatableHypercallsTest.echo(number)));
        long after = vmm.hypercalls().dispatch(caller, number, 7, 0, 0, 0, 0, 0);

        assertThat(before).isEqualTo(HypercallError.NO_SUCH_CALL.code());
        assertThat(after).isEqualTo(ServiceJars.marker(OLD) + 7);
      }
    }

    @Test
    void anUpdaterGuestTransfersAndCommitsThroughTheComponentsVmmIntoItsStore() throws Exception {
      StoreFixture fixture = new StoreFixture(dir);
      Path inbox = Files.createDirectories(dir.resolve("inbox"));
      UpdateTestComponent component = component(fixture);
      try (UpdateStore store = component.store(); Vmm vmm = component.vmm()) {
        Guest updater = vmm.create(config("updater").extensions(GuestUpdater.NAME)
            .setting(GuestUpdater.HOME, dir.resolve("home").toString())
            .setting(GuestUpdater.SOURCE_DIR, inbox.toString())
            .setting(GuestUpdater.POLL_MILLIS, "20").build());
        HostChannel progress = vmm.openChannel(updater, GuestUpdater.PROGRESS_CHANNEL, 4096);
        vmm.start(updater);
        Path pkg = fixture.pack(NEW.toString());
        Files.copy(pkg, inbox.resolve(pkg.getFileName()));

        assertThat(GuestUpdater.follow(progress, new GuestUpdateListener() {}, Duration.ofSeconds(60)))
            .isEqualTo(GuestUpdatePhase.COMMITTED);
        assertThat(store.status().activeVersion()).isEqualTo(NEW);
        assertThat(StoreFixture.echo(store.services(), 5)).isEqualTo(ServiceJars.marker(NEW) + 5);
      }
    }

    @Test
    void oneComponentOpensOneStore() throws Exception {
      UpdateTestComponent component = component(new StoreFixture(dir));
      try (UpdateStore store = component.store(); Vmm vmm = component.vmm()) {
        assertThat(component.store()).isSameAs(store);
        assertThat(vmm.guests()).isEmpty();
      }
    }
  }

  @Nested
  class BadSettings {
    @Test
    void aStoreDirectoryThatIsAFileFailsTheVmmWithThePathAndTheCause() throws Exception {
      StoreFixture fixture = new StoreFixture(dir);
      Files.writeString(fixture.root, "not a directory");
      UpdateTestComponent component = component(fixture);

      assertThatThrownBy(component::vmm).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot open the update store at " + fixture.root)
          .cause().isNotNull();
    }
  }

  static GuestConfig.Builder config(String name) {
    return GuestConfig.builder(name).memorySize(32 << 20).tagSeed(name.hashCode())
        .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
  }
}

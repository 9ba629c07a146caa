package dev.vmm.update;

import static dev.vmm.update.ServiceJars.CallKind.CHANNEL;
import static dev.vmm.update.ServiceJars.CallKind.ECHO;
import static dev.vmm.update.ServiceJars.CallKind.READ;
import static dev.vmm.update.StoreFixture.install;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestConfig;
import dev.vmm.core.GuestExit;
import dev.vmm.core.GuestState;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.update.ServiceJars.Registration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updatable block: hypercalls served by the active version's jars, reached by guests that keep
 * running across commits and rollbacks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UpdatableHypercallsTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long FIRST = UpdateAbi.UPDATABLE_BASE;
  static final long SECOND = UpdateAbi.UPDATABLE_BASE + 1;
  static final long LAST = UpdateAbi.UPDATABLE_END;
  static final long ENOSYS = HypercallError.NO_SUCH_CALL.code();
  static final UpdateVersion V110 = UpdateVersion.parse("1.1.0");
  static final UpdateVersion V120 = UpdateVersion.parse("1.2.0");

  @TempDir Path dir;
  StoreFixture fixture;
  GuestReports reports;
  UpdateStore store;
  Vmm vmm;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new StoreFixture(dir);
    open(builder -> builder);
  }

  @AfterEach
  void tearDown() throws IOException {
    vmm.close();
    store.close();
  }

  void open(UnaryOperator<UpdateStore.Builder> configure) throws IOException {
    store = configure.apply(fixture.builder()).open();
    reports = new GuestReports();
    vmm = UpdateHypercalls.build(Vmm.builder().service(reports), store);
  }

  void reopen(UnaryOperator<UpdateStore.Builder> configure) throws IOException {
    tearDown();
    open(configure);
  }

  GuestConfig.Builder config(String name) {
    return GuestConfig.builder(name).memorySize(4 << 20).tagSeed(name.hashCode())
        .stdout(new ByteArrayOutputStream()).stderr(new ByteArrayOutputStream());
  }

  Guest started(String name) {
    Guest guest = vmm.create(config(name).build());
    vmm.start(guest);
    return guest;
  }

  long call(Guest guest, long number, long a0, long a1) {
    return vmm.hypercalls().dispatch(guest, number, a0, a1, 0, 0, 0, 0);
  }

  static Registration echo(long number) {
    return new Registration(number, ECHO);
  }

  @Nested
  class ForRunningGuests {
    @Test
    void aMachineCodeGuestInAnEcallLoopMeetsEachCommittedVersionWithoutStopping() throws Exception {
      // loop: a0 = FIRST(7); if (REPORT(a0) == 0) goto loop; exit(0)
      Guest guest = vmm.create(config("looper").program(MachineCode.program(
          new int[] {MachineCode.addi(MachineCode.A0, MachineCode.ZERO, 7)}, MachineCode.ecall(FIRST),
          MachineCode.ecall(GuestReports.REPORT), new int[] {MachineCode.beq(MachineCode.A0, MachineCode.ZERO, -28)},
          MachineCode.exit(0))).build());
      vmm.start(guest);
      reports.await(ENOSYS, WAIT);

      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      reports.await(ServiceJars.marker(V110) + 7, WAIT);
      install(store, fixture.packHypercalls("1.2.0", echo(FIRST)));
      reports.await(ServiceJars.marker(V120) + 7, WAIT);
      assertThat(guest.state()).isEqualTo(GuestState.RUNNING);
      reports.stop();

      assertThat(guest.awaitExit(WAIT)).contains(new GuestExit.Exited(0));
      assertThat(reports.changes()).as("each answer from the version active when the call began, in order")
          .containsExactly(ENOSYS, ServiceJars.marker(V110) + 7, ServiceJars.marker(V120) + 7);
    }

    @Test
    void aNumberAnUpdateAddsAnswersEnosysBeforeAndIsServedAfter() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      Guest guest = started("adder");
      assertThat(call(guest, LAST, 3, 0)).isEqualTo(ENOSYS);

      install(store, fixture.packHypercalls("1.2.0", echo(FIRST), echo(LAST)));

      assertThat(call(guest, LAST, 3, 0)).isEqualTo(ServiceJars.marker(V120) + 3);
      assertThat(call(guest, FIRST, 3, 0)).isEqualTo(ServiceJars.marker(V120) + 3);
      assertThat(store.services().hypercallNumbers()).containsExactly(FIRST, LAST);
    }

    @Test
    void aNumberAnUpdateDropsAnswersEnosysAfter() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST), echo(SECOND)));
      Guest guest = started("dropper");
      assertThat(call(guest, SECOND, 1, 0)).isEqualTo(ServiceJars.marker(V110) + 1);

      install(store, fixture.packHypercalls("1.2.0", echo(FIRST)));

      assertThat(call(guest, SECOND, 1, 0)).isEqualTo(ENOSYS);
      assertThat(call(guest, FIRST, 1, 0)).isEqualTo(ServiceJars.marker(V120) + 1);
    }

    @Test
    void aCallInFlightFinishesOnTheCodeItStartedOnWhileTheNextCallMeetsTheCommit() throws Exception {
      BlockingCall blocking = new BlockingCall();
      reopen(builder -> builder.factoryHypercalls(blocking));
      Guest guest = started("in-flight");
      CompletableFuture<Long> inFlight = CompletableFuture.supplyAsync(() -> call(guest, FIRST, 0, 0));
      assertThat(blocking.entered.await(60, TimeUnit.SECONDS)).as("the factory call began").isTrue();

      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      long next = call(guest, FIRST, 4, 0);
      blocking.release.countDown();

      assertThat(next).isEqualTo(ServiceJars.marker(V110) + 4);
      assertThat(inFlight.get(60, TimeUnit.SECONDS)).isEqualTo(BlockingCall.ANSWER);
    }

    @Test
    void numbersOutsideTheBlockAreNotForwarded() {
      Guest guest = started("outside");
      assertThat(call(guest, UpdateAbi.UPDATABLE_BASE - 1, 0, 0)).isEqualTo(ENOSYS);
      assertThat(call(guest, UpdateAbi.UPDATABLE_END + 1, 0, 0)).isEqualTo(ENOSYS);
      assertThat(UpdateAbi.isUpdatable(UpdateAbi.UPDATABLE_END)).isTrue();
      assertThat(HypercallAbi.isHypercall(UpdateAbi.UPDATABLE_END)).isTrue();
    }
  }

  @Nested
  class WithTheCallersContext {
    @Test
    void guestPointersAreCheckedAsForAnyHypercall() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", new Registration(FIRST, READ)));
      Guest guest = started("reader");
      long buffer = guest.memory().malloc(64, 0);

      assertThat(call(guest, FIRST, buffer, 64)).isEqualTo(ServiceJars.marker(V110) + 64);
      assertThat(call(guest, FIRST, buffer, 65)).as("one byte past the allocation")
          .isEqualTo(HypercallError.FAULT.code());
      assertThat(call(guest, FIRST, 0, 8)).isEqualTo(HypercallError.FAULT.code());
      assertThat(call(guest, FIRST, buffer, -1)).isEqualTo(HypercallError.INVALID.code());
      assertThat(vmm.hypercalls().internalErrors()).isZero();
    }

    @Test
    void aHandleResolvesOnlyForTheGuestThatOwnsIt() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", new Registration(FIRST, CHANNEL)));
      Guest alice = started("alice");
      Guest mallory = started("mallory");
      HostChannel alices = vmm.openChannel(alice, "alice-only", 4096);

      assertThat(call(alice, FIRST, alices.handle(), 0)).isEqualTo(ServiceJars.marker(V110));
      assertThat(call(mallory, FIRST, alices.handle(), 0)).isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThat(call(alice, FIRST, alice.id(), 0)).as("a guest handle is no channel")
          .isEqualTo(HypercallError.BAD_HANDLE.code());
    }
  }

  @Nested
  class BadRegistrations {
    @Test
    void aNumberOutsideTheBlockFailsTheHealthCheckAndTheOldTableStays() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      Guest guest = started("outside-block");

      CommitResult result = install(store, fixture.packHypercalls("1.2.0", echo(FIRST),
          echo(HypercallAbi.BASE + 0x900)));

      assertThat(result.committed()).isFalse();
      assertThat(result.activeVersion()).isEqualTo(V110);
      assertThat(result.healthFailure().orElseThrow()).contains("VMM 1.2.0 failed its health check")
          .contains("registers echo as 0xf000900, outside the updatable block 0xf000180..0xf0001ff");
      assertThat(call(guest, FIRST, 2, 0)).isEqualTo(ServiceJars.marker(V110) + 2);
      assertThat(store.status().lastRollback()).isEqualTo(result.healthFailure());
    }

    @Test
    void aNumberRegisteredTwiceFailsTheHealthCheckAndTheOldTableStays() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      Guest guest = started("twice");

      CommitResult result = install(store, fixture.packHypercalls("1.2.0", echo(SECOND),
          new Registration(SECOND, READ)));

      assertThat(result.committed()).isFalse();
      assertThat(result.healthFailure().orElseThrow()).contains("registers read as 0xf000181, already taken by "
          + "hypercalls-1_2_0.echo");
      assertThat(call(guest, FIRST, 2, 0)).isEqualTo(ServiceJars.marker(V110) + 2);
      assertThat(call(guest, SECOND, 2, 0)).isEqualTo(ENOSYS);
    }

    @Test
    void aServiceThatKeepsItsRegistrarCannotChangeAPublishedTable() throws Exception {
      KeptRegistrar kept = new KeptRegistrar();
      reopen(builder -> builder.factoryHypercalls(kept));

      assertThatThrownBy(
          () -> kept.registrar.register(SECOND, "late", (context, a0, a1, a2, a3, a4, a5) -> 0))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("after its table was published");
      assertThat(store.services().hypercallNumbers()).containsExactly(FIRST);
    }

    @Test
    void aRefusalTheServiceSwallowsStillFailsTheVersion() throws Exception {
      store.close();
      UpdateStore.Builder builder = fixture.builder().factoryHypercalls(new SwallowingService());

      assertThatThrownBy(builder::open).isInstanceOf(IOException.class)
          .hasMessageContaining("registers twice as 0xf000180, already taken by swallowing.once");
      store = fixture.open();
    }

    @Test
    void factoryHypercallsOutsideTheBlockKeepTheStoreFromOpening() throws Exception {
      store.close();
      UpdateStore.Builder builder = fixture.builder().factoryHypercalls(new FixedCall(HypercallAbi.BASE + 0x180 - 1));

      assertThatThrownBy(builder::open).isInstanceOf(IOException.class)
          .hasMessageContaining("outside the updatable block");
      store = fixture.open();
    }
  }

  @Nested
  class RollbackAndRestart {
    @Test
    void anExplicitRollbackRestoresThePreviousVersionsHypercalls() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      install(store, fixture.packHypercalls("1.2.0", echo(FIRST), echo(SECOND)));
      Guest guest = started("rolled-back");
      assertThat(call(guest, SECOND, 0, 0)).isEqualTo(ServiceJars.marker(V120));

      store.rollback();

      assertThat(call(guest, FIRST, 0, 0)).isEqualTo(ServiceJars.marker(V110));
      assertThat(call(guest, SECOND, 0, 0)).isEqualTo(ENOSYS);
    }

    @Test
    void rollingBackTheFirstUpdateServesTheFactoryHypercallsAgain() throws Exception {
      reopen(builder -> builder.factoryHypercalls(new FixedCall(FIRST)));
      Guest guest = started("factory");
      assertThat(call(guest, FIRST, 0, 0)).isEqualTo(FixedCall.ANSWER);
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      assertThat(call(guest, FIRST, 0, 0)).isEqualTo(ServiceJars.marker(V110));

      store.rollback();

      assertThat(call(guest, FIRST, 0, 0)).isEqualTo(FixedCall.ANSWER);
    }

    @Test
    void aReopenedStoreServesTheActiveVersionsHypercalls() throws Exception {
      install(store, fixture.packHypercalls("1.1.0", echo(FIRST)));
      install(store, fixture.packHypercalls("1.2.0", echo(SECOND)));

      reopen(builder -> builder);
      Guest guest = started("after-restart");

      assertThat(call(guest, SECOND, 5, 0)).isEqualTo(ServiceJars.marker(V120) + 5);
      assertThat(call(guest, FIRST, 5, 0)).isEqualTo(ENOSYS);
      assertThat(store.services().hypercallNumbers()).containsExactly(SECOND);
    }
  }

  /** A factory hypercall at one number that answers {@link #ANSWER}. */
  static final class FixedCall implements HypercallService {
    static final long ANSWER = 4242;
    private final long number;

    FixedCall(long number) {
      this.number = number;
    }

    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(number, "fixed", (context, a0, a1, a2, a3, a4, a5) -> ANSWER);
    }
  }

  /** A factory hypercall at {@link #FIRST} that waits, once entered, until the test releases it. */
  static final class BlockingCall implements HypercallService {
    static final long ANSWER = 777;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String name() {
      return "blocking";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(FIRST, "blocking", (context, a0, a1, a2, a3, a4, a5) -> {
        entered.countDown();
        try {
          return release.await(60, TimeUnit.SECONDS) ? ANSWER : -1;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      });
    }
  }

  /** Registers {@link #FIRST} twice and ignores the refusal of the second. */
  static final class SwallowingService implements HypercallService {
    @Override
    public String name() {
      return "swallowing";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(FIRST, "once", (context, a0, a1, a2, a3, a4, a5) -> 0);
      try {
        registrar.register(FIRST, "twice", (context, a0, a1, a2, a3, a4, a5) -> 1);
      } catch (IllegalArgumentException ignored) {
        // what a careless service might do; the table must fail anyway
      }
    }
  }

  /** A factory hypercall at {@link #FIRST} that keeps the registrar it was given. */
  static final class KeptRegistrar implements HypercallService {
    HypercallRegistrar registrar;

    @Override
    public String name() {
      return "kept";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      this.registrar = registrar;
      registrar.register(FIRST, "kept", (context, a0, a1, a2, a3, a4, a5) -> 0);
    }
  }
}

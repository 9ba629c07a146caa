package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.memory.MemoryViolationException;
import dev.vmm.memory.ViolationKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Guest memory shared with the VMM in place: {@code REGION_SHARE}, {@link HostRegion}. */
class RegionTest {
  private final Vmm vmm = Vmm.builder().build();
  private final Guest guest = vmm.create(Guests.config("sharer").build());
  private final Guest other = vmm.create(Guests.config("other").build());

  @AfterEach
  void close() {
    assertThat(vmm.hypercalls().internalErrors()).isZero();
    vmm.close();
  }

  private long share(Guest who, long pointer, long size) {
    return vmm.hypercalls().dispatch(who, HypercallAbi.REGION_SHARE, pointer, size, 0, 0, 0, 0);
  }

  private long release(Guest who, long handle) {
    return vmm.hypercalls().dispatch(who, HypercallAbi.REGION_RELEASE, handle, 0, 0, 0, 0, 0);
  }

  private HostRegion region(Guest who, long handle) {
    return vmm.objects().resolve(who, VmmKinds.REGION, handle);
  }

  @Nested
  class Sharing {
    @Test
    void bothSidesSeeTheSameBytesInPlace() {
      long buffer = Guests.buffer(guest, 64);
      guest.memory().copyIn(buffer, "from the guest".getBytes(StandardCharsets.UTF_8), 0, 14);

      long handle = share(guest, buffer, 64);
      HostRegion region = region(guest, handle);
      byte[] seen = new byte[14];
      region.read(0, seen, 0, 14);
      region.write(32, "from the host".getBytes(StandardCharsets.UTF_8), 0, 13);

      assertThat(handle).isPositive();
      assertThat(region.owner()).isSameAs(guest);
      assertThat(region.pointer()).isEqualTo(buffer);
      assertThat(region.size()).isEqualTo(64);
      assertThat(new String(seen, StandardCharsets.UTF_8)).isEqualTo("from the guest");
      byte[] written = new byte[13];
      guest.memory().copyOut(buffer + 32, written, 0, 13);
      assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("from the host");
    }

    @Test
    void untaggedRamCanBeSharedToo() {
      long handle = share(guest, GuestConfig.RAM_BASE, 4096);

      region(guest, handle).write(4095, new byte[] {42}, 0, 1);

      assertThat(guest.memory().load8(GuestConfig.RAM_BASE + 4095)).isEqualTo((byte) 42);
    }
  }

  @Nested
  class Refusals {
    @Test
    void badSizesAreInvalid() {
      long buffer = Guests.buffer(guest, 64);

      assertThat(share(guest, buffer, 0)).isEqualTo(HypercallError.INVALID.code());
      assertThat(share(guest, buffer, -1)).isEqualTo(HypercallError.INVALID.code());
      assertThat(share(guest, buffer, Long.MAX_VALUE)).isEqualTo(HypercallError.INVALID.code());
    }

    @Test
    void aRangeTheGuestCannotReadIsAFault() {
      long buffer = Guests.buffer(guest, 64);
      long freed = Guests.buffer(guest, 64);
      guest.memory().free(freed, 0);

      assertThat(share(guest, buffer, 65)).as("one past the end")
          .isEqualTo(HypercallError.FAULT.code());
      assertThat(share(guest, freed, 64)).as("freed").isEqualTo(HypercallError.FAULT.code());
      assertThat(share(guest, 0, 16)).as("unmapped").isEqualTo(HypercallError.FAULT.code());
      assertThat(share(guest, Guests.buffer(other, 64), 64)).as("another guest's pointer")
          .isEqualTo(HypercallError.FAULT.code());
    }

    @Test
    void aGuestSharesAtMostItsLimit() {
      long buffer = Guests.buffer(guest, 64);
      for (int i = 0; i < HypercallAbi.MAX_REGIONS; i++) {
        assertThat(share(guest, buffer, 64)).as("region %d", i).isPositive();
      }

      assertThat(share(guest, buffer, 64)).isEqualTo(HypercallError.NO_MEMORY.code());
    }

    @Test
    void anotherGuestCanNeitherResolveNorReleaseIt() {
      long handle = share(guest, Guests.buffer(guest, 64), 64);

      assertThat(region(other, handle)).isNull();
      assertThat(release(other, handle)).isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThat(region(guest, handle)).isNotNull();
    }
  }

  @Nested
  class TheHostsAccesses {
    @Test
    void stayInsideTheRegion() {
      HostRegion region = region(guest, share(guest, Guests.buffer(guest, 64), 64));

      assertThatThrownBy(() -> region.read(60, new byte[8], 0, 8))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> region.write(-1, new byte[1], 0, 1))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void endWhenTheGuestReleasesIt() {
      long handle = share(guest, Guests.buffer(guest, 64), 64);
      HostRegion region = region(guest, handle);

      assertThat(release(guest, handle)).isZero();

      assertThat(region.isReleased()).isTrue();
      assertThat(region(guest, handle)).isNull();
      assertThat(release(guest, handle)).isEqualTo(HypercallError.BAD_HANDLE.code());
      assertThatThrownBy(() -> region.read(0, new byte[1], 0, 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    @Test
    void intoMemoryTheGuestFreedAreCaughtByItsTags() {
      long buffer = Guests.buffer(guest, 64);
      HostRegion region = region(guest, share(guest, buffer, 64));
      guest.memory().free(buffer, 0);

      assertThatThrownBy(() -> region.write(0, new byte[4], 0, 4))
          .isInstanceOf(MemoryViolationException.class)
          .satisfies(e -> assertThat(((MemoryViolationException) e).violation().kind())
              .isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE));
    }

    @Test
    void endWhenTheGuestIsDestroyed() {
      long handle = share(guest, Guests.buffer(guest, 64), 64);
      HostRegion region = region(guest, handle);

      vmm.destroy(guest);

      assertThat(region.isReleased()).isTrue();
      assertThatThrownBy(() -> region.write(0, new byte[1], 0, 1))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}

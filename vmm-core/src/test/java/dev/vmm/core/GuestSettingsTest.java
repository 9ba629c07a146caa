package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A guest's settings: what its plug-ins read through {@link GuestExtensionContext#settings()}. */
class GuestSettingsTest {
  @Test
  void settingsAreKeptAsGivenAndCannotBeChangedAfterwards() {
    GuestConfig config = Guests.config("configured").setting("updater.home", "/srv/u")
        .setting("updater.poll.millis", "20").setting("updater.home", "/srv/v").build();

    assertThat(config.settings()).isEqualTo(Map.of("updater.home", "/srv/v", "updater.poll.millis", "20"));
    assertThatThrownBy(() -> config.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aGuestWithoutSettingsHasNone() {
    assertThat(Guests.config("plain").build().settings()).isEmpty();
  }

  @Test
  void aNullKeyOrValueIsRefusedWhenSet() {
    assertThatThrownBy(() -> Guests.config("bad").setting(null, "v")).isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> Guests.config("bad").setting("k", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }
}

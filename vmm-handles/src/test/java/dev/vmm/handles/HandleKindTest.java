package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandleKindTest {
  @Test
  void carriesTagNameAndType() {
    HandleKind<String> kind = HandleKind.of(3, "name", String.class);

    assertThat(kind.tag()).isEqualTo(3);
    assertThat(kind.name()).isEqualTo("name");
    assertThat(kind.type()).isEqualTo(String.class);
    assertThat(kind).hasToString("'name' (kind 3, String)");
  }

  @Test
  void tagZeroBelongsToUntypedHandles() {
    assertThatThrownBy(() -> HandleKind.of(0, "guest", Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind tag 0 for 'guest' is outside 1..127 (0 is the untyped kind)");
  }

  @Test
  void tagAboveTheFieldIsRefused() {
    assertThatThrownBy(() -> HandleKind.of(128, "guest", Object.class))
        .hasMessageContaining("kind tag 128");
  }

  @Test
  void blankNameIsRefused() {
    assertThatThrownBy(() -> HandleKind.of(1, " ", Object.class))
        .hasMessage("kind name is blank (tag 1)");
  }
}

package dev.vmm.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandleLayoutTest {

  @Nested
  class Fields {
    @Test
    void composeAndDecomposeRoundTrip() {
      long handle = HandleLayout.compose(5, 17, 300, 123_456);

      assertThat(HandleLayout.kind(handle)).isEqualTo(5);
      assertThat(HandleLayout.tableId(handle)).isEqualTo(17);
      assertThat(HandleLayout.generation(handle)).isEqualTo(300);
      assertThat(HandleLayout.index(handle)).isEqualTo(123_456);
    }

    @Test
    void widestFieldsStillLeaveBit63Clear() {
      long handle = HandleLayout.compose(
          HandleLayout.MAX_KIND, HandleLayout.MAX_TABLE_ID, HandleLayout.MAX_GENERATION,
          HandleLayout.MAX_INDEX);

      assertThat(handle).isPositive();
      assertThat(HandleLayout.KIND_SHIFT + HandleLayout.KIND_BITS).isEqualTo(63);
    }

    @Test
    void describeNamesEveryField() {
      assertThat(HandleLayout.describe(HandleLayout.compose(1, 2, 3, 4)))
          .isEqualTo("0x0100200030000004(kind=1, table=2, generation=3, index=4)");
    }
  }

  @Nested
  class BadFields {
    @Test
    void fieldTooWideIsRefusedWithItsName() {
      assertThatThrownBy(() -> HandleLayout.compose(0, 0, HandleLayout.MAX_GENERATION + 1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("generation 65536 is outside 0..65535");
      assertThatThrownBy(() -> HandleLayout.compose(-1, 0, 1, 0))
          .hasMessage("kind -1 is outside 0..127");
    }
  }
}

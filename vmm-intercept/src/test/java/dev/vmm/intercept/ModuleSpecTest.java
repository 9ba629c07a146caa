package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModuleSpecTest {
  @Nested
  class Parse {
    @Test
    void aBareNameHasNoOptions() {
      assertThat(ModuleSpec.parse("pass")).isEqualTo(ModuleSpec.of("pass"));
    }

    @Test
    void optionsAreSeparatedBySemicolonsAndKeepCommasAndSpaces() {
      assertThat(ModuleSpec.parse("match:patterns=DROP TABLE,<script;action=close"))
          .isEqualTo(ModuleSpec.of("match",
              Map.of("patterns", "DROP TABLE,<script", "action", "close")));
    }

    @Test
    void malformedSpecsAreNamed() {
      assertThatThrownBy(() -> ModuleSpec.parse(":a=b")).hasMessageContaining("no module name");
      assertThatThrownBy(() -> ModuleSpec.parse("match:patterns")).hasMessageContaining(
          "'patterns'");
      assertThatThrownBy(() -> ModuleSpec.parse("match:a=1;a=2")).hasMessageContaining("twice");
    }
  }

  @Test
  void optionsAreCopied() {
    HashMap<String, String> options = new HashMap<>(Map.of("a", "1"));
    ModuleSpec spec = ModuleSpec.of("x", options);
    options.put("b", "2");

    assertThat(spec.options()).containsOnlyKeys("a");
  }
}

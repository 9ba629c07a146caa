package dev.vmm.intercept.internal.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewriteModuleTest {
  static Verdict rewrite(Map<String, String> options, String chunk) {
    ModuleHarness<?> harness = ModuleHarness.of(new RewriteModuleProvider().create(options),
        PatternMatchModuleTest.FLOW);
    return harness.chunk(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
  }

  static String text(Verdict verdict) {
    return new String(((Verdict.Replace) verdict).bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void everyOccurrenceIsReplacedLeftToRight() {
    Verdict verdict = rewrite(Map.of("find", "aa", "replace", "b"), "aaaaa-aa");

    assertThat(text(verdict)).isEqualTo("bba-b");
  }

  @Test
  void aChunkWithoutTheStringPassesUntouched() {
    assertThat(rewrite(Map.of("find", "x", "replace", "y"), "abc")).isEqualTo(Verdict.pass());
  }

  @Test
  void anEmptyReplacementDeletes() {
    assertThat(text(rewrite(Map.of("find", "secret "), "my secret word"))).isEqualTo("my word");
  }

  @Test
  void findIsRequired() {
    assertThatThrownBy(() -> new RewriteModuleProvider().create(Map.of("replace", "x")))
        .hasMessageContaining("'find'");
  }
}

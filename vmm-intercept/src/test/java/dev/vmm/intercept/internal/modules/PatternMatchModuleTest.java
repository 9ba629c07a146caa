package dev.vmm.intercept.internal.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternMatchModuleTest {
  static final Flow FLOW = new Flow(1, "test", Transport.TCP,
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 2));

  static ModuleHarness<?> matcher(Map<String, String> options) {
    GuestModule<?> module = new PatternMatchModuleProvider().create(options);
    ModuleHarness<?> harness = ModuleHarness.of(module, FLOW);
    harness.open();
    return harness;
  }

  static Verdict feed(ModuleHarness<?> harness, String chunk) {
    return harness.chunk(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Nested
  class Streaming {
    @Test
    void aPatternSplitAcrossChunksIsFound() {
      ModuleHarness<?> harness = matcher(Map.of("patterns", "DROP TABLE"));

      assertThat(feed(harness, "select 1; DRO")).isEqualTo(Verdict.pass());
      assertThat(feed(harness, "P TA")).isEqualTo(Verdict.pass());
      assertThat(feed(harness, "BLE users")).isEqualTo(Verdict.close());
    }

    @Test
    void dropDiscardsTheMatchingChunkAndStartsAfresh() {
      ModuleHarness<?> harness = matcher(Map.of("patterns", "evil", "action", "drop"));

      assertThat(feed(harness, "ev")).isEqualTo(Verdict.pass());
      assertThat(feed(harness, "il!")).isEqualTo(Verdict.drop());
      assertThat(feed(harness, "il")).isEqualTo(Verdict.pass());
    }

    @Test
    void overlappingPatternsAndSuffixesAreFound() {
      ModuleHarness<?> harness = matcher(Map.of("patterns", "he,she,hers", "action", "drop"));

      assertThat(feed(harness, "ush")).isEqualTo(Verdict.pass());
      assertThat(feed(harness, "e")).isEqualTo(Verdict.drop());
    }

    @Test
    void hexPatternsMatchBinaryBytes() {
      ModuleHarness<?> harness = matcher(Map.of("hexPatterns", "00ff10"));

      assertThat(harness.chunk(ByteBuffer.wrap(new byte[] {5, 0}))).isEqualTo(Verdict.pass());
      assertThat(harness.chunk(ByteBuffer.wrap(new byte[] {-1, 16}))).isEqualTo(Verdict.close());
    }
  }

  @Nested
  class AgainstANaiveModel {
    /** The index just past the first match's end in the stream, or -1: the model. */
    static int firstMatchEnd(byte[] stream, List<byte[]> patterns) {
      for (int end = 1; end <= stream.length; end++) {
        for (byte[] pattern : patterns) {
          if (end >= pattern.length && Arrays.equals(stream, end - pattern.length, end, pattern,
              0, pattern.length)) {
            return end;
          }
        }
      }
      return -1;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theChunkThatCompletesTheFirstMatchIsTheOneClosed(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int round = 0; round < 200; round++) {
        List<byte[]> patterns = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int p = 1 + random.nextInt(4); p > 0; p--) {
          StringBuilder text = new StringBuilder();
          for (int i = 1 + random.nextInt(4); i > 0; i--) {
            text.append((char) ('a' + random.nextInt(3)));
          }
          texts.add(text.toString());
          patterns.add(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] stream = new byte[random.nextInt(60)];
        for (int i = 0; i < stream.length; i++) {
          stream[i] = (byte) ('a' + random.nextInt(3));
        }
        int expectedEnd = firstMatchEnd(stream, patterns);

        ModuleHarness<?> harness = matcher(Map.of("patterns", String.join(",", texts)));
        int closedAt = -1;
        for (int at = 0; at < stream.length && closedAt < 0; ) {
          int end = Math.min(stream.length, at + 1 + random.nextInt(8));
          if (harness.chunk(ByteBuffer.wrap(stream, at, end - at)) == Verdict.close()) {
            closedAt = end;
            assertThat(expectedEnd).as("seed %d round %d: %s in %s", seed, round, texts,
                new String(stream, StandardCharsets.ISO_8859_1)).isGreaterThan(at)
                .isLessThanOrEqualTo(end);
          }
          at = end;
        }
        if (closedAt < 0) {
          assertThat(expectedEnd).as("seed %d round %d: %s in %s", seed, round, texts,
              new String(stream, StandardCharsets.ISO_8859_1)).isEqualTo(-1);
        }
      }
    }
  }

  @Nested
  class BadOptions {
    @Test
    void missingOrBadPatternsAreNamed() {
      PatternMatchModuleProvider provider = new PatternMatchModuleProvider();

      assertThatThrownBy(() -> provider.create(Map.of()))
          .hasMessageContaining("at least one pattern");
      assertThatThrownBy(() -> provider.create(Map.of("hexPatterns", "zz")))
          .hasMessageContaining("'zz'");
      assertThatThrownBy(() -> provider.create(Map.of("patterns", "x", "action", "kill")))
          .hasMessageContaining("'kill'");
    }
  }
}

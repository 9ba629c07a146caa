package dev.vmm.intercept.internal.modules;

import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code match}: a streaming multi-pattern matcher (Aho-Corasick) over each flow's bytes, finding
 * patterns also when they straddle chunks.
 *
 * <p>Options: {@code patterns}, comma-separated UTF-8 strings; {@code hexPatterns},
 * comma-separated hex byte strings (at least one pattern in all); {@code action}, {@code close}
 * (default: the flow is closed at the chunk that completes a match) or {@code drop} (that chunk is
 * dropped, and matching starts afresh after it).
 */
public final class PatternMatchModuleProvider implements GuestModuleProvider {
  @Override
  public String name() {
    return "match";
  }

  @Override
  public GuestModule<?> create(Map<String, String> options) {
    Options.requireOnly(options, "patterns", "hexPatterns", "action");
    List<byte[]> patterns = Stream.concat(
        Options.list(options, "patterns").stream().map(p -> p.getBytes(StandardCharsets.UTF_8)),
        Options.list(options, "hexPatterns").stream().map(PatternMatchModuleProvider::hex))
        .toList();
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("give at least one pattern in 'patterns' or 'hexPatterns'");
    }
    boolean close = Options.oneOf(options, "action", "close", "close", "drop").equals("close");
    return new Matcher(AhoCorasick.compile(patterns), close);
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' in 'hexPatterns' is not hex: "
          + e.getMessage());
    }
  }

  /** The flow's state is the automaton state after its last byte. */
  private record Matcher(AhoCorasick automaton, boolean close) implements GuestModule<int[]> {

    @Override
    public Verdict onOpen(FlowContext<int[]> flow) {
      flow.state(new int[] {AhoCorasick.start()});
      return Verdict.pass();
    }

    @Override
    public Verdict onChunk(FlowContext<int[]> flow, ByteBuffer chunk) {
      if (flow.state() == null) {
        flow.state(new int[] {AhoCorasick.start()});
      }
      int[] state = flow.state();
      int after = automaton.scan(state[0], chunk);
      if (after >= 0) {
        state[0] = after;
        return Verdict.pass();
      }
      state[0] = AhoCorasick.start();
      return close ? Verdict.close() : Verdict.drop();
    }
  }
}

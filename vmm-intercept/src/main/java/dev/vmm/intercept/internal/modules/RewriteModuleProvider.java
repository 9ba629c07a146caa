package dev.vmm.intercept.internal.modules;

import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code rewrite}: replaces every occurrence of one byte string by another within each chunk.
 *
 * <p>Options: {@code find} (required, UTF-8) and {@code replace} (UTF-8, default empty: delete).
 * Occurrences are found left to right without overlap, inside one chunk: an occurrence split
 * across two chunks is left as it is (put a framing module first where that matters).
 */
public final class RewriteModuleProvider implements GuestModuleProvider {
  @Override
  public String name() {
    return "rewrite";
  }

  @Override
  public GuestModule<?> create(Map<String, String> options) {
    Options.requireOnly(options, "find", "replace");
    byte[] find = Options.required(options, "find").getBytes(StandardCharsets.UTF_8);
    byte[] replace = options.getOrDefault("replace", "").getBytes(StandardCharsets.UTF_8);
    return new Rewriter(find, replace);
  }

  /** Stateless: each chunk is rewritten on its own. */
  private record Rewriter(byte[] find, byte[] replace) implements GuestModule<Void> {

    @Override
    public Verdict onChunk(FlowContext<Void> flow, ByteBuffer chunk) {
      int start = chunk.position();
      int end = chunk.limit();
      int first = indexOf(chunk, start, end);
      if (first < 0) {
        return Verdict.pass();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
      int copied = start;
      for (int at = first; at >= 0; at = indexOf(chunk, copied, end)) {
        copyRange(chunk, copied, at, out);
        out.writeBytes(replace);
        copied = at + find.length;
      }
      copyRange(chunk, copied, end, out);
      return Verdict.replace(out.toByteArray());
    }

    private int indexOf(ByteBuffer chunk, int from, int end) {
      outer:
      for (int i = from; i <= end - find.length; i++) {
        for (int j = 0; j < find.length; j++) {
          if (chunk.get(i + j) != find[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static void copyRange(ByteBuffer chunk, int from, int to, ByteArrayOutputStream out) {
      byte[] bytes = new byte[to - from];
      chunk.get(from, bytes);
      out.writeBytes(bytes);
    }
  }
}

package dev.vmm.intercept.testing;

import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code scripted}: a test module whose verdict the chunk itself asks for, so a test drives every
 * verdict over a real socket: a chunk starting {@code DROP}, {@code CLOSE}, {@code THROW},
 * {@code REPLY x}, {@code REPLACE x}, {@code SLEEP ms} or {@code HANG} gets that; one starting
 * {@code WRITE} tries to overwrite its first byte with {@code X} and then passes; anything else
 * passes. With option {@code jitter=true} every chunk waits 0-1 ms, chosen by its hash, so chunks
 * of many flows finish out of order on the guest threads.
 */
public final class ScriptedModuleProvider implements GuestModuleProvider {
  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public GuestModule<?> create(Map<String, String> options) {
    boolean jitter = Boolean.parseBoolean(options.getOrDefault("jitter", "false"));
    return new GuestModule<Void>() {
      @Override
      public Verdict onChunk(FlowContext<Void> flow, ByteBuffer chunk) {
        if (jitter && (chunk.hashCode() & 1) == 0) {
          sleep(1);
        }
        byte[] bytes = new byte[Math.min(chunk.remaining(), 64)];
        chunk.duplicate().get(bytes);
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        if (head.startsWith("DROP")) {
          return Verdict.drop();
        } else if (head.startsWith("CLOSE")) {
          return Verdict.close();
        } else if (head.startsWith("THROW")) {
          throw new IllegalStateException("asked to throw");
        } else if (head.startsWith("REPLY ")) {
          return Verdict.reply(rest(chunk, 6));
        } else if (head.startsWith("REPLACE ")) {
          return Verdict.replace(rest(chunk, 8));
        } else if (head.startsWith("SLEEP ")) {
          sleep(Long.parseLong(head.substring(6).strip()));
        } else if (head.startsWith("HANG")) {
          sleep(Long.MAX_VALUE);
        } else if (head.startsWith("WRITE")) {
          chunk.put(chunk.position(), (byte) 'X');
        }
        return Verdict.pass();
      }
    };
  }

  private static byte[] rest(ByteBuffer chunk, int from) {
    byte[] bytes = new byte[chunk.remaining() - from];
    chunk.get(chunk.position() + from, bytes);
    return bytes;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

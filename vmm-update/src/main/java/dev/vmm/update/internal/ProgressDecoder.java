package dev.vmm.update.internal;

import dev.vmm.core.ChannelClosedException;
import dev.vmm.core.HostChannel;
import dev.vmm.update.GuestUpdateListener;
import dev.vmm.update.GuestUpdatePhase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Host side of the progress channel: lines {@code P <phase> <detail>} and
 * {@code B <phase> <done> <total>}, UTF-8, at most {@link #MAX_LINE} bytes. The guest writes them,
 * so a line that does not parse, or is too long, is skipped rather than trusted.
 */
public final class ProgressDecoder {
  /** The longest line kept; the rest of a longer one is dropped. */
  public static final int MAX_LINE = 1024;

  private final HostChannel channel;
  private final GuestUpdateListener listener;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overlong;

  public ProgressDecoder(HostChannel channel, GuestUpdateListener listener) {
    this.channel = channel;
    this.listener = listener;
  }

  public GuestUpdatePhase follow(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    byte[] buffer = new byte[4096];
    while (true) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        return null;
      }
      int n;
      try {
        n = channel.read(buffer, 0, buffer.length, left);
      } catch (ChannelClosedException e) {
        return null;
      }
      if (n < 0) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        GuestUpdatePhase ended = take(buffer[i]);
        if (ended != null) {
          return ended;
        }
      }
    }
  }

  private GuestUpdatePhase take(byte b) {
    if (b != '\n') {
      if (line.size() < MAX_LINE) {
        line.write(b);
      } else {
        overlong = true;
      }
      return null;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    boolean skip = overlong;
    line.reset();
    overlong = false;
    return skip ? null : decode(text);
  }

  private GuestUpdatePhase decode(String text) {
    String[] fields = text.split(" ", 3);
    if (fields.length < 2) {
      return null;
    }
    GuestUpdatePhase phase;
    try {
      phase = GuestUpdatePhase.valueOf(fields[1]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (fields[0].equals("P")) {
      listener.phase(phase, fields.length == 3 ? fields[2] : "");
      return switch (phase) {
        case COMMITTED, ROLLED_BACK, FAILED -> phase;
        default -> null;
      };
    }
    if (fields[0].equals("B") && fields.length == 3) {
      String[] numbers = fields[2].split(" ");
      try {
        if (numbers.length == 2) {
          listener.progress(phase, Long.parseLong(numbers[0]), Long.parseLong(numbers[1]));
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}

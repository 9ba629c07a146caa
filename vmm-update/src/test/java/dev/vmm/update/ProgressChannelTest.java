package dev.vmm.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.core.Guest;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallAbi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The progress channel is the guest's word: the host skips what does not parse and never fails on it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProgressChannelTest {
  @TempDir Path dir;
  GuestRig rig;
  HostileGuest guest;
  HostChannel progress;
  long channel;
  final List<String> heard = new ArrayList<>();

  @BeforeEach
  void openTheChannel() throws Exception {
    rig = new GuestRig(dir);
    Guest g = rig.vmm.create(rig.config("chatty").build());
    progress = rig.vmm.openChannel(g, GuestUpdater.PROGRESS_CHANNEL, 1 << 16);
    rig.vmm.start(g);
    guest = new HostileGuest(rig.vmm, g);
    byte[] name = GuestUpdater.PROGRESS_CHANNEL.getBytes(StandardCharsets.UTF_8);
    channel = guest.call(HypercallAbi.CHANNEL_OPEN, guest.put(name), name.length, 0);
  }

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  GuestUpdatePhase follow(Duration timeout) throws InterruptedException {
    return GuestUpdater.follow(progress, new GuestUpdateListener() {
      @Override
      public void phase(GuestUpdatePhase phase, String detail) {
        heard.add(phase + " " + detail);
      }

      @Override
      public void progress(GuestUpdatePhase phase, long done, long total) {
        heard.add(phase + " " + done + "/" + total);
      }
    }, timeout);
  }

  void send(String text) throws InterruptedException {
    guest.write(channel, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void garbledUnknownAndOverlongLinesAreSkippedAndTheRealEndIsHeard() throws Exception {
    send("P NO_SUCH_PHASE x\n" + "B TRANSFERRING ten of twenty\n" + "\u0000\u00ff\n" + "P\n"
        + "B DOWNLOADING 5 10\n" + "P FOUND " + "x".repeat(5000) + "\n" + "P COMMITTED VMM 9.9.9 is active\n");

    assertThat(follow(Duration.ofSeconds(30))).isEqualTo(GuestUpdatePhase.COMMITTED);
    assertThat(heard).containsExactly("DOWNLOADING 5/10", "COMMITTED VMM 9.9.9 is active");
  }

  @Test
  void aGuestThatEndsItsStreamWithoutFinishingEndsTheWaitWithNoPhase() throws Exception {
    send("P TRANSFERRING half way\n");
    guest.shutdown(channel);

    assertThat(follow(Duration.ofSeconds(30))).isNull();
    assertThat(heard).containsExactly("TRANSFERRING half way");
  }
}

package dev.vmm.intercept.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import dev.vmm.intercept.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The chain engine's handling of the requests' buffers: lent read-only, always released. */
class InProcessGuestTest {
  static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
  static final InetSocketAddress REMOTE =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);

  /** A request that records its answer. */
  static final class Recorded implements GuestRequest {
    final long flowId;
    final Flow opening;
    final ByteBuf data;
    volatile Verdict verdict;
    volatile RuntimeException failure;
    volatile boolean answered;

    Recorded(long flowId, Flow opening, ByteBuf data) {
      this.flowId = flowId;
      this.opening = opening;
      this.data = data;
    }

    static Recorded open(long flowId) {
      return new Recorded(flowId, new Flow(flowId, "test", Transport.TCP, LOCAL, REMOTE), null);
    }

    static Recorded chunk(long flowId, String text) {
      return new Recorded(flowId, null,
          Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    @Override
    public long flowId() {
      return flowId;
    }

    @Override
    public Flow opening() {
      return opening;
    }

    @Override
    public ByteBuf data() {
      return data;
    }

    @Override
    public void answer(Verdict verdict, RuntimeException failure) {
      this.verdict = verdict;
      this.failure = failure;
      answered = true;
    }
  }

  /** Records what it was shown; a chunk starting "WAIT" blocks until the guest interrupts it. */
  static final class Probe implements GuestModule<Void> {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Boolean> readOnly = new CopyOnWriteArrayList<>();
    final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    public Verdict onChunk(FlowContext<Void> flow, ByteBuffer chunk) {
      readOnly.add(chunk.isReadOnly());
      String text = StandardCharsets.ISO_8859_1.decode(chunk).toString();
      seen.add(text);
      if (text.startsWith("WAIT")) {
        waiting.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Verdict.pass();
    }
  }

  @Nested
  class Chunks {
    @Test
    void areLentReadOnlyAndReleasedOnceTheChainReturns() {
      Probe probe = new Probe();
      InProcessGuest guest = new InProcessGuest(List.of(probe, probe), 2, "test");
      Recorded chunk = Recorded.chunk(1, "hello");
      try {
        guest.submit(List.of(Recorded.open(1), chunk));
        Await.until("the chunk answered", () -> chunk.answered);
      } finally {
        guest.close();
      }

      assertThat(chunk.verdict).isEqualTo(Verdict.pass());
      assertThat(probe.seen).containsExactly("hello", "hello");
      assertThat(probe.readOnly).containsExactly(true, true);
      assertThat(chunk.data.refCnt()).isZero();
    }
  }

  @Nested
  class Closing {
    @Test
    void turnsAwayEveryRequestNotYetRunAndReleasesItsBuffer() {
      Probe probe = new Probe();
      InProcessGuest guest = new InProcessGuest(List.of(probe), 1, "test");
      Recorded blocked = Recorded.chunk(1, "WAIT");
      Recorded behind = Recorded.chunk(1, "behind");
      Recorded otherOpen = Recorded.open(2);
      Recorded otherChunk = Recorded.chunk(2, "other");
      guest.submit(List.of(Recorded.open(1), blocked, behind));
      guest.submit(List.of(otherOpen, otherChunk));
      Await.until("the module blocked", () -> probe.waiting.getCount() == 0);

      guest.close();
      Recorded late = Recorded.chunk(1, "late");
      guest.submit(List.of(late));

      Await.until("every request answered", () -> blocked.answered && behind.answered
          && otherOpen.answered && otherChunk.answered && late.answered);
      assertThat(blocked.verdict).isEqualTo(Verdict.pass());
      for (Recorded turnedAway : List.of(behind, otherOpen, otherChunk, late)) {
        assertThat(turnedAway.failure).isInstanceOf(GuestUnavailable.class);
      }
      for (Recorded chunk : List.of(blocked, behind, otherChunk, late)) {
        assertThat(chunk.data.refCnt()).isZero();
      }
      assertThat(probe.seen).containsExactly("WAIT");
    }
  }
}

package dev.vmm.intercept.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GuestProtocolTest {
  static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  /** Runs an encoded frame through the decoder, as the other side would get it. */
  static ByteBuf decoded(ByteBuf encoded) {
    EmbeddedChannel channel = new EmbeddedChannel(GuestProtocol.frameDecoder());
    channel.writeInbound(encoded);
    ByteBuf frame = channel.readInbound();
    channel.finishAndReleaseAll();
    return frame;
  }

  @Nested
  class RoundTrips {
    @Test
    void helloCarriesTheChain() {
      List<ModuleSpec> chain = List.of(ModuleSpec.of("pass"),
          ModuleSpec.of("firewall", Map.of("deny", "10.0.0.0/8", "default", "allow")));
      ByteBuf frame = decoded(GuestProtocol.hello(ALLOC, "web", chain));
      try {
        assertThat(frame.readByte()).isEqualTo(GuestProtocol.HELLO);
        assertThat(frame.readUnsignedShort()).isEqualTo(GuestProtocol.VERSION);
        assertThat(GuestProtocol.readString(frame)).isEqualTo("web");
        assertThat(GuestProtocol.readChain(frame)).isEqualTo(chain);
      } finally {
        frame.release();
      }
    }

    @Test
    void openCarriesIpv4AndIpv6Addresses() throws UnknownHostException {
      Flow flow = new Flow(42, "web", Transport.UDP,
          new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 53),
          new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 65535));
      ByteBuf frame = decoded(GuestProtocol.open(ALLOC, 9, flow));
      try {
        assertThat(frame.readByte()).isEqualTo(GuestProtocol.OPEN);
        assertThat(frame.readLong()).isEqualTo(9);
        assertThat(GuestProtocol.readFlow(frame, "web")).isEqualTo(flow);
      } finally {
        frame.release();
      }
    }

    @Test
    void answersCarryEveryVerdict() {
      for (Verdict verdict : List.of(Verdict.pass(), Verdict.drop(), Verdict.close(),
          Verdict.replace(new byte[] {1, 2}), Verdict.reply(new byte[] {3}))) {
        ByteBuf frame = decoded(GuestProtocol.answer(ALLOC, 77, verdict, null));
        try {
          assertThat(frame.readByte()).isEqualTo(GuestProtocol.ANSWER);
          assertThat(frame.readLong()).isEqualTo(77);
          Verdict back = GuestProtocol.readVerdict(frame.readByte(), frame);
          assertThat(back).usingRecursiveComparison().isEqualTo(verdict);
        } finally {
          frame.release();
        }
      }
    }

    @Test
    void aModuleErrorCarriesItsMessage() {
      ByteBuf frame = decoded(GuestProtocol.answer(ALLOC, 5, null, new ModuleFailure("boom")));
      try {
        frame.skipBytes(9);
        assertThat(frame.readByte()).isEqualTo(GuestProtocol.MODULE_ERROR);
        assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("boom");
      } finally {
        frame.release();
      }
    }
  }

  @Nested
  class BadFrames {
    @Test
    void aStringLongerThanItsFrameIsRefusedByLength() {
      ByteBuf frame = ALLOC.buffer().writeInt(1000).writeByte('x');
      try {
        assertThatThrownBy(() -> GuestProtocol.readString(frame))
            .isInstanceOf(ProtocolException.class).hasMessageContaining("1000");
      } finally {
        frame.release();
      }
    }

    @Test
    void anUnknownAnswerKindIsNamed() {
      ByteBuf frame = ALLOC.buffer();
      try {
        assertThatThrownBy(() -> GuestProtocol.readVerdict((byte) 9, frame))
            .isInstanceOf(ProtocolException.class).hasMessageContaining("9");
      } finally {
        frame.release();
      }
    }

    @Test
    void aBadAddressLengthIsNamed() {
      ByteBuf frame = ALLOC.buffer().writeLong(1).writeByte(0).writeByte(5);
      try {
        assertThatThrownBy(() -> GuestProtocol.readFlow(frame, "x"))
            .isInstanceOf(ProtocolException.class).hasMessageContaining("5");
      } finally {
        frame.release();
      }
    }
  }
}

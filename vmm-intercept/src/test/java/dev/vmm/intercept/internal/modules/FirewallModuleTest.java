package dev.vmm.intercept.internal.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FirewallModuleTest {
  static Verdict openFrom(Map<String, String> options, String remote) throws UnknownHostException {
    GuestModule<?> module = new FirewallModuleProvider().create(options);
    return ModuleHarness.open(module, flowFrom(remote));
  }

  static Flow flowFrom(String remote) throws UnknownHostException {
    return new Flow(1, "test", Transport.TCP, new InetSocketAddress(InetAddress.getLoopbackAddress(),
        80), new InetSocketAddress(InetAddress.getByName(remote), 40000));
  }

  @Nested
  class Ipv4 {
    @Test
    void aDeniedBlockIsClosedAndTheRestAdmitted() throws UnknownHostException {
      Map<String, String> deny = Map.of("deny", "10.0.0.0/8, 192.168.1.7");

      assertThat(openFrom(deny, "10.200.3.4")).isEqualTo(Verdict.close());
      assertThat(openFrom(deny, "192.168.1.7")).isEqualTo(Verdict.close());
      assertThat(openFrom(deny, "192.168.1.8")).isEqualTo(Verdict.pass());
      assertThat(openFrom(deny, "11.0.0.1")).isEqualTo(Verdict.pass());
    }

    @Test
    void anAllowListDeniesEverythingElse() throws UnknownHostException {
      Map<String, String> allow = Map.of("allow", "172.16.0.0/12");

      assertThat(openFrom(allow, "172.31.255.255")).isEqualTo(Verdict.pass());
      assertThat(openFrom(allow, "172.32.0.0")).isEqualTo(Verdict.close());
    }

    @Test
    void theMostSpecificBlockDecidesAndDenyWinsATie() throws UnknownHostException {
      Map<String, String> rules = Map.of("deny", "10.0.0.0/8, 10.1.1.0/24",
          "allow", "10.1.0.0/16, 10.1.1.0/24");

      assertThat(openFrom(rules, "10.1.2.3")).isEqualTo(Verdict.pass());
      assertThat(openFrom(rules, "10.2.0.1")).isEqualTo(Verdict.close());
      assertThat(openFrom(rules, "10.1.1.9")).isEqualTo(Verdict.close());
    }

    @Test
    void aPrefixThatIsNotOnAByteBoundaryMatchesBitExactly() throws UnknownHostException {
      Map<String, String> deny = Map.of("deny", "192.168.0.0/23");

      assertThat(openFrom(deny, "192.168.1.255")).isEqualTo(Verdict.close());
      assertThat(openFrom(deny, "192.168.2.0")).isEqualTo(Verdict.pass());
    }
  }

  @Nested
  class Ipv6 {
    @Test
    void blocksMatchIpv6Peers() throws UnknownHostException {
      Map<String, String> deny = Map.of("deny", "2001:db8::/32");

      assertThat(openFrom(deny, "2001:db8:1::5")).isEqualTo(Verdict.close());
      assertThat(openFrom(deny, "2001:db9::1")).isEqualTo(Verdict.pass());
    }

    @Test
    void anIpv4MappedPeerMatchesIpv4Blocks() throws UnknownHostException {
      GuestModule<?> module = new FirewallModuleProvider().create(Map.of("deny", "127.0.0.0/8"));
      Flow mapped = new Flow(1, "test", Transport.TCP,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 80),
          new InetSocketAddress(Inet6Address.getByAddress(null,
              new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1},
              null), 4000));

      assertThat(ModuleHarness.open(module, mapped)).isEqualTo(Verdict.close());
    }

    @Test
    void anIpv4BlockNeverMatchesAnIpv6Peer() throws UnknownHostException {
      assertThat(openFrom(Map.of("deny", "0.0.0.0/0"), "::1")).isEqualTo(Verdict.pass());
    }
  }

  @Nested
  class Chunks {
    @Test
    void aFlowAdmittedWithoutTheModuleIsCheckedOnItsFirstChunk() throws UnknownHostException {
      GuestModule<?> module = new FirewallModuleProvider().create(Map.of("deny", "10.0.0.0/8"));

      assertThat(ModuleHarness.chunkWithoutOpen(module, flowFrom("10.0.0.1"),
          ByteBuffer.wrap(new byte[] {1}))).isEqualTo(Verdict.close());
    }
  }

  @Nested
  class BadOptions {
    @Test
    void badBlocksAreNamed() {
      FirewallModuleProvider provider = new FirewallModuleProvider();

      assertThatThrownBy(() -> provider.create(Map.of("deny", "10.0.0.0/33")))
          .hasMessageContaining("33").hasMessageContaining("0..32");
      assertThatThrownBy(() -> provider.create(Map.of("deny", "example.com")))
          .hasMessageContaining("'example.com'");
      assertThatThrownBy(() -> provider.create(Map.of("deny", "10.0.0.0/x")))
          .hasMessageContaining("'10.0.0.0/x'");
      assertThatThrownBy(() -> provider.create(Map.of("deny", "10.0.0.1,,10.0.0.2")))
          .hasMessageContaining("empty item");
      assertThatThrownBy(() -> provider.create(Map.of("default", "maybe")))
          .hasMessageContaining("'maybe'");
      assertThatThrownBy(() -> provider.create(Map.of("alow", "10.0.0.1")))
          .hasMessageContaining("'alow'");
    }
  }
}

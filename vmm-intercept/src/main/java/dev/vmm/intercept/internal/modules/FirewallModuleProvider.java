package dev.vmm.intercept.internal.modules;

import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.GuestModuleProvider;
import dev.vmm.intercept.Verdict;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * {@code firewall}: admits or refuses each flow by its remote address when it opens.
 *
 * <p>Options: {@code allow} and {@code deny}, comma-separated IPv4/IPv6 blocks; {@code default},
 * {@code allow} or {@code deny} for an address no block matches ({@code deny} when an allow list is
 * given, else {@code allow}). The most specific matching block decides; at equal prefix length,
 * deny wins.
 */
public final class FirewallModuleProvider implements GuestModuleProvider {
  @Override
  public String name() {
    return "firewall";
  }

  @Override
  public GuestModule<?> create(Map<String, String> options) {
    Options.requireOnly(options, "allow", "deny", "default");
    List<Cidr> allow = Options.list(options, "allow").stream().map(Cidr::parse).toList();
    List<Cidr> deny = Options.list(options, "deny").stream().map(Cidr::parse).toList();
    boolean allowByDefault = Options.oneOf(options, "default",
        allow.isEmpty() ? "allow" : "deny", "allow", "deny").equals("allow");
    return new Firewall(allow, deny, allowByDefault);
  }

  /**
   * Decides at open, so a refused flow never reaches the host; chunks are checked too, for a flow
   * whose opening the failure policy admitted while the guest could not decide it.
   */
  private record Firewall(List<Cidr> allow, List<Cidr> deny, boolean allowByDefault)
      implements GuestModule<Boolean> {

    @Override
    public Verdict onOpen(FlowContext<Boolean> flow) {
      flow.state(admits(flow.flow().remote().getAddress()));
      return flow.state() ? Verdict.pass() : Verdict.close();
    }

    @Override
    public Verdict onChunk(FlowContext<Boolean> flow, ByteBuffer chunk) {
      if (flow.state() == null) {
        flow.state(admits(flow.flow().remote().getAddress()));
      }
      return flow.state() ? Verdict.pass() : Verdict.close();
    }

    boolean admits(InetAddress address) {
      int allowPrefix = longestMatch(allow, address);
      int denyPrefix = longestMatch(deny, address);
      if (allowPrefix < 0 && denyPrefix < 0) {
        return allowByDefault;
      }
      return allowPrefix > denyPrefix;
    }

    private static int longestMatch(List<Cidr> blocks, InetAddress address) {
      int longest = -1;
      for (Cidr block : blocks) {
        if (block.prefix() > longest && block.contains(address)) {
          longest = block.prefix();
        }
      }
      return longest;
    }
  }
}

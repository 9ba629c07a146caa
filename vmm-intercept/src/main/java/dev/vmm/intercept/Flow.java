package dev.vmm.intercept;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What a guest module knows about a flow: one TCP connection, or the datagrams of one remote
 * address on a UDP channel.
 *
 * @param id unique among the flows of one {@link Interceptor}, never reused while it runs
 * @param listener the name of the listener whose chain sees this flow
 * @param transport TCP or UDP
 * @param local the host's address of the flow
 * @param remote the peer's address of the flow
 */
public record Flow(long id, String listener, Transport transport, InetSocketAddress local,
    InetSocketAddress remote) {

  /**
   * Checks that no part is missing.
   *
   * @throws NullPointerException naming the missing part
   */
  public Flow {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
  }
}

package dev.vmm.cli.internal;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where {@code vmm serve} listens and where it forwards.
 *
 * @param listen where clients connect (port 0: any free port)
 * @param backend where each accepted connection is forwarded
 */
record ProxyAddresses(InetSocketAddress listen, InetSocketAddress backend) {
  /**
   * Checks that both are there.
   *
   * @throws NullPointerException naming the missing one
   */
  ProxyAddresses {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(backend, "backend");
  }
}

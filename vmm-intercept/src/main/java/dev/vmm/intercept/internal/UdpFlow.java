package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;

/** The datagrams of one remote address on a UDP channel, and whether the chain closed them. */
final class UdpFlow {
  final Flow flow;
  boolean closed;

  UdpFlow(Flow flow) {
    this.flow = flow;
  }
}

package dev.vmm.intercept.internal;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * A channel's {@code autoRead}, shared by several parties that each may want reading paused:
 * reading resumes only when none does. Event-loop thread only.
 */
final class ReadGate {
  /** The interceptor holds too many bytes of this flow, or in total. */
  static final int IN_FLIGHT_BUDGET = 1;
  /** The proxy has no backend connection yet. */
  static final int BACKEND_CONNECTING = 2;
  /** The proxy's other side cannot take more bytes now. */
  static final int PEER_UNWRITABLE = 4;

  private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "gate");

  private int reasons;

  private ReadGate() {}

  static void pause(Channel channel, int reason) {
    ReadGate gate = of(channel);
    gate.reasons |= reason;
    channel.config().setAutoRead(false);
  }

  static void resume(Channel channel, int reason) {
    ReadGate gate = of(channel);
    gate.reasons &= ~reason;
    if (gate.reasons == 0) {
      channel.config().setAutoRead(true);
    }
  }

  private static ReadGate of(Channel channel) {
    ReadGate gate = channel.attr(KEY).get();
    if (gate == null) {
      gate = new ReadGate();
      channel.attr(KEY).set(gate);
    }
    return gate;
  }
}

package dev.vmm.core;

import java.io.Serial;

/**
 * Thrown to the host when a channel's direction it uses is closed: the guest stopped reading, the
 * host itself closed or shut down that side, or the guest was destroyed.
 */
public final class ChannelClosedException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which channel, which direction and why
   */
  public ChannelClosedException(String message) {
    super(message);
  }
}

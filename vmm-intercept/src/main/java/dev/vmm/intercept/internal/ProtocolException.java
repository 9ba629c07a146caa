package dev.vmm.intercept.internal;

/** A frame that breaks docs/intercept-protocol.md; the connection that sent it is dropped. */
final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProtocolException(String message) {
    super(message);
  }
}

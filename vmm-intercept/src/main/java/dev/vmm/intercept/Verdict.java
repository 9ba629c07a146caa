package dev.vmm.intercept;

import java.nio.ByteBuffer;

/**
 * What a guest module decides about a chunk (or about a flow, when it opens).
 *
 * <p>In a chain, {@link Pass} and {@link Replace} hand the (possibly replaced) bytes to the next
 * module; the other verdicts end the chain for that chunk. What the last module passes reaches the
 * host's own handlers.
 */
public sealed interface Verdict {

  /**
   * Returns the verdict that lets the chunk through unchanged (on open: admits the flow).
   *
   * @return the pass verdict
   */
  static Verdict pass() {
    return Pass.INSTANCE;
  }

  /**
   * Returns the verdict that discards the chunk; the flow stays open. On open it admits the flow.
   *
   * @return the drop verdict
   */
  static Verdict drop() {
    return Drop.INSTANCE;
  }

  /**
   * Returns the verdict that closes the connection (for UDP: drops this and every later datagram
   * of the flow). On open it refuses the flow before the host's handlers see it.
   *
   * @return the close verdict
   */
  static Verdict close() {
    return Close.INSTANCE;
  }

  /**
   * Returns the verdict that replaces the chunk with other bytes (empty: nothing is forwarded).
   *
   * @param bytes the replacement, copied
   * @return the replace verdict
   */
  static Verdict replace(byte[] bytes) {
    return new Replace(bytes.clone());
  }

  /**
   * Returns the verdict that replaces the chunk with the remaining bytes of a buffer.
   *
   * @param bytes the replacement, copied from its position to its limit; the position is unchanged
   * @return the replace verdict
   */
  static Verdict replace(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return new Replace(copy);
  }

  /**
   * Returns the verdict that consumes the chunk and sends bytes back to the peer through the host.
   * On open, the bytes are sent first and the flow is admitted.
   *
   * @param bytes what the peer receives, copied
   * @return the reply verdict
   */
  static Verdict reply(byte[] bytes) {
    return new Reply(bytes.clone());
  }

  /** Lets the chunk through unchanged. */
  enum Pass implements Verdict {
    /** The only instance. */
    INSTANCE
  }

  /** Discards the chunk. */
  enum Drop implements Verdict {
    /** The only instance. */
    INSTANCE
  }

  /** Closes the flow. */
  enum Close implements Verdict {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Replaces the chunk.
   *
   * @param bytes the replacement; owned by the verdict, never modified after it is made
   */
  record Replace(byte[] bytes) implements Verdict {}

  /**
   * Consumes the chunk and answers the peer.
   *
   * @param bytes what the peer receives; owned by the verdict, never modified after it is made
   */
  record Reply(byte[] bytes) implements Verdict {}
}

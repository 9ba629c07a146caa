package dev.vmm.intercept;

import java.nio.ByteBuffer;

/**
 * A guest module: plug-in code that sees a listener's flows before the host does and decides what
 * the host gets. This is the interface plug-in authors implement (see docs/guest-modules.md).
 *
 * <p>Calls for one flow come one at a time, in order: {@link #onOpen}, then {@link #onChunk} for
 * each inbound chunk, then {@link #onClose}. Calls for different flows may run at the same time on
 * different threads, so a module keeps per-flow data in its {@link FlowContext} and anything it
 * shares between flows thread-safe.
 *
 * <p>A module that throws affects only the flow it was called for: the interceptor's failure
 * policy decides that chunk (fail-open passes it, fail-closed closes the flow). A module that
 * takes longer than the per-chunk deadline meets the same policy.
 *
 * @param <S> the module's per-flow state
 */
public interface GuestModule<S> {

  /**
   * Called when a flow opens, before the host's handlers learn of it.
   *
   * @param flow this module's context for the flow; set its state here
   * @return {@link Verdict#close()} to refuse the flow, {@link Verdict#reply} to greet the peer,
   *     anything else admits it
   */
  default Verdict onOpen(FlowContext<S> flow) {
    return Verdict.pass();
  }

  /**
   * Called for each inbound chunk of a flow. Chunk boundaries are where the transport put them:
   * a module that looks for a pattern keeps what it needs across chunks in its state.
   *
   * @param flow this module's context for the flow
   * @param chunk the chunk (or what the previous module replaced it with): read-only, valid only
   *     during this call
   * @return the verdict
   */
  Verdict onChunk(FlowContext<S> flow, ByteBuffer chunk);

  /**
   * Called once when a flow ends, for whatever reason; the state is dropped after it.
   *
   * @param flow this module's context for the flow
   */
  default void onClose(FlowContext<S> flow) {}
}

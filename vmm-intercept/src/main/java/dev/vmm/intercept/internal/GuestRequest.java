package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;

/**
 * One request to a guest: a flow opening or one inbound chunk of a flow.
 *
 * <p>A chunk's bytes are a reference of the guest's own ({@link #data()}): the guest releases it
 * exactly once, when the chain is done with the bytes (in a child JVM guest: once they are
 * written to the socket), or when it turns the request away.
 */
interface GuestRequest {

  /** The flow the request belongs to. */
  long flowId();

  /** The flow's metadata when this request opens it; null for a chunk. */
  Flow opening();

  /** The chunk's bytes, the guest's reference; null for an opening. */
  ByteBuf data();

  /**
   * Called once, on whatever thread the guest answers on: the chain's verdict, or a failure
   * ({@link ModuleFailure}, {@link GuestUnavailable}) and a null verdict.
   */
  void answer(Verdict verdict, RuntimeException failure);
}

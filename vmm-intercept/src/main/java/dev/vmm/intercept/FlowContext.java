package dev.vmm.intercept;

/**
 * One module's view of one flow: the flow's metadata and the module's own state for it.
 *
 * <p>Every call for one flow is made by one thread at a time, in the flow's order, so the state
 * needs no synchronization. Each module of a chain has its own context and cannot see the
 * others' state.
 *
 * @param <S> the module's per-flow state
 */
public interface FlowContext<S> {

  /**
   * Returns the flow this context belongs to.
   *
   * @return the flow's metadata
   */
  Flow flow();

  /**
   * Returns this module's state for the flow, {@code null} until {@link #state(Object)} is called.
   *
   * @return the state
   */
  S state();

  /**
   * Replaces this module's state for the flow.
   *
   * @param state the new state, or {@code null}
   */
  void state(S state);
}

package dev.vmm.core;

/** What a host asks of a guest's lifecycle; {@link GuestState} draws the legal moves. */
public enum GuestTransition {
  /** {@code CREATED -> RUNNING}. */
  START,
  /** {@code RUNNING -> PAUSED}. */
  PAUSE,
  /** {@code PAUSED -> RUNNING}. */
  RESUME,
  /** {@code CREATED | RUNNING | PAUSED -> STOPPED}. */
  STOP,
  /** {@code any but DESTROYED -> DESTROYED}. */
  DESTROY;

  /**
   * Returns the state this transition leads to from a given state.
   *
   * @param from the current state
   * @return the next state, or {@code null} if the transition is illegal from {@code from}
   */
  public GuestState target(GuestState from) {
    return switch (this) {
      case START -> from == GuestState.CREATED ? GuestState.RUNNING : null;
      case PAUSE -> from == GuestState.RUNNING ? GuestState.PAUSED : null;
      case RESUME -> from == GuestState.PAUSED ? GuestState.RUNNING : null;
      case STOP -> from == GuestState.CREATED || from == GuestState.RUNNING
          || from == GuestState.PAUSED ? GuestState.STOPPED : null;
      case DESTROY -> from == GuestState.DESTROYED ? null : GuestState.DESTROYED;
    };
  }
}

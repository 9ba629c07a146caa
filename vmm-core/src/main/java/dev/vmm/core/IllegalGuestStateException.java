package dev.vmm.core;

import java.io.Serial;

/**
 * Thrown when a host asks for a lifecycle transition the guest's state does not allow; the guest
 * is unchanged.
 */
public final class IllegalGuestStateException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  private final String guestName;
  private final GuestState state;
  private final GuestTransition transition;

  /**
   * Creates the exception.
   *
   * @param guestName the guest's name
   * @param guestId the guest's id
   * @param state the state it was in
   * @param transition what was asked
   */
  public IllegalGuestStateException(
      String guestName, long guestId, GuestState state, GuestTransition transition) {
    super("guest '" + guestName + "' (id 0x" + Long.toHexString(guestId) + ") is " + state
        + ": cannot " + transition.name().toLowerCase(java.util.Locale.ROOT)
        + " it; it stays " + state);
    this.guestName = guestName;
    this.state = state;
    this.transition = transition;
  }

  /**
   * Returns the guest's name.
   *
   * @return the name
   */
  public String guestName() {
    return guestName;
  }

  /**
   * Returns the state the guest was, and still is, in.
   *
   * @return the state
   */
  public GuestState state() {
    return state;
  }

  /**
   * Returns the transition that was refused.
   *
   * @return the transition
   */
  public GuestTransition transition() {
    return transition;
  }
}

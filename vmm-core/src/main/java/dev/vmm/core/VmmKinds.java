package dev.vmm.core;

import dev.vmm.handles.HandleKind;

/**
 * The kinds of object the VMM's handle table holds, and the tags reserved for them. A module that
 * adds its own objects (vmm-update's staging sessions, say) declares its kind once with the tag
 * reserved here: {@code HandleKind.of(VmmKinds.SESSION_TAG, "session", StagingSession.class)}.
 */
public final class VmmKinds {
  /** Tag of guests. */
  public static final int GUEST_TAG = 1;
  /** Tag of channels. */
  public static final int CHANNEL_TAG = 2;
  /** Tag reserved for guest memory regions shared with the VMM. */
  public static final int REGION_TAG = 3;
  /** Tag reserved for update staging sessions. */
  public static final int SESSION_TAG = 4;
  /** The first tag free for other modules' kinds; tags below it are reserved here. */
  public static final int FIRST_FREE_TAG = 16;

  /** Guests; a guest owns itself. */
  public static final HandleKind<Guest> GUEST = HandleKind.of(GUEST_TAG, "guest", Guest.class);
  /** Channels between a guest and the VMM. */
  public static final HandleKind<HostChannel> CHANNEL =
      HandleKind.of(CHANNEL_TAG, "channel", HostChannel.class);
  /** Ranges of guest memory a guest shared with the VMM. */
  public static final HandleKind<HostRegion> REGION =
      HandleKind.of(REGION_TAG, "region", HostRegion.class);

  private VmmKinds() {}
}

package dev.vmm.update.internal.host;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObject;
import dev.vmm.core.HostChannel;
import dev.vmm.core.VmmKinds;
import dev.vmm.handles.HandleKind;
import dev.vmm.update.StagingSession;
import dev.vmm.update.UpdateAbi;

/**
 * One guest's transfer of one package's VMM payload: the store's staging session, the channel the
 * frames arrive on, and the receiver thread that stages them. Owned by the guest that began it, so
 * no other guest can name it.
 */
final class TransferSession implements GuestObject {
  /** The handle kind, under the tag vmm-core reserves for update staging sessions. */
  static final HandleKind<TransferSession> KIND =
      HandleKind.of(VmmKinds.SESSION_TAG, "update session", TransferSession.class);

  private final Guest owner;
  private final StagingSession staging;
  private volatile HostChannel channel;
  private volatile Thread receiver;
  private volatile int state = UpdateAbi.STATE_RECEIVING;
  private volatile long error;
  private volatile String errorMessage;
  private volatile long handle;

  TransferSession(Guest owner, StagingSession staging) {
    this.owner = owner;
    this.staging = staging;
  }

  @Override
  public Guest owner() {
    return owner;
  }

  long handle() {
    return handle;
  }

  void handle(long handle) {
    this.handle = handle;
  }

  StagingSession staging() {
    return staging;
  }

  void start(HostChannel channel, Thread receiver) {
    this.channel = channel;
    this.receiver = receiver;
    receiver.start();
  }

  HostChannel channel() {
    return channel;
  }

  int state() {
    return state;
  }

  long error() {
    return error;
  }

  String errorMessage() {
    return errorMessage;
  }

  void drained() {
    if (state == UpdateAbi.STATE_RECEIVING) {
      state = UpdateAbi.STATE_DRAINED;
    }
  }

  void completed() {
    state = UpdateAbi.STATE_COMPLETE;
  }

  /** Records why the VMM stopped taking frames; the guest reads it with STATUS. */
  void failed(long code, String message) {
    error = code;
    errorMessage = message;
    state = UpdateAbi.STATE_FAILED;
    HostChannel open = channel;
    if (open != null) {
      open.close();
    }
  }

  boolean receiving() {
    Thread running = receiver;
    return running != null && running.isAlive();
  }

  /** Closes the channel and waits for the receiver, so nothing stages after an abort. */
  void end() throws InterruptedException {
    HostChannel open = channel;
    if (open != null) {
      open.close();
    }
    Thread running = receiver;
    if (running != null && running != Thread.currentThread()) {
      running.join();
    }
  }
}

package dev.vmm.update.internal.host;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObjects;
import dev.vmm.core.GuestState;
import dev.vmm.core.HostChannel;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallError;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.Vmm;
import dev.vmm.update.CommitResult;
import dev.vmm.update.StagingSession;
import dev.vmm.update.UpdateAbi;
import dev.vmm.update.UpdateRejectedException;
import dev.vmm.update.UpdateStore;
import dev.vmm.update.internal.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The VMM side of the transfer: BEGIN, STATUS, COMPLETE, ABORT, COMMIT ({@link UpdateAbi}). The
 * guest's word counts for nothing: the header is verified by the store against the VMM's own trust
 * root, every frame is checked by the staging session, and a commit must name the package staged
 * through the caller's own session. Refusals come back as {@link UpdateAbi#rejectionCode}; the
 * installed state never changes on one.
 */
public final class TransferCalls implements HypercallService {
  private static final System.Logger LOG = System.getLogger(TransferCalls.class.getName());

  private final UpdateStore store;
  private final Supplier<? extends Vmm> vmm;
  private final int channelCapacity;
  /** Each guest's latest session: a new BEGIN ends the one before, so a guest holds one channel. */
  private final Map<Guest, TransferSession> latest = Collections.synchronizedMap(new WeakHashMap<>());

  public TransferCalls(UpdateStore store, Supplier<? extends Vmm> vmm, int channelCapacity) {
    this.store = store;
    this.vmm = vmm;
    this.channelCapacity = channelCapacity;
  }

  @Override
  public String name() {
    return "update";
  }

  @Override
  public void register(HypercallRegistrar registrar) {
    registrar.register(UpdateAbi.BEGIN, "begin", this::begin);
    registrar.register(UpdateAbi.STATUS, "status", this::status);
    registrar.register(UpdateAbi.COMPLETE, "complete", this::complete);
    registrar.register(UpdateAbi.ABORT, "abort", this::abort);
    registrar.register(UpdateAbi.COMMIT, "commit", this::commit);
  }

  private GuestObjects objects() {
    return vmm.get().objects();
  }

  private long begin(HypercallContext context, long headerPointer, long headerLength, long out, long a3,
      long a4, long a5) {
    byte[] header = new byte[context.length(headerLength, UpdateAbi.MAX_HEADER_LENGTH)];
    context.read(headerPointer, header, 0, header.length);
    byte[] answer = new byte[UpdateAbi.BEGIN_OUT_SIZE];
    // A pointer the guest may not write fails here, before anything is staged.
    context.write(out, answer, 0, answer.length);
    Guest guest = context.guest();
    StagingSession staging;
    try {
      staging = store.beginStaging(header);
    } catch (UpdateRejectedException e) {
      LOG.log(System.Logger.Level.INFO, "guest ''{0}'' began an update the VMM refuses: {1}", guest.name(),
          e.getMessage());
      return UpdateAbi.rejectionCode(e.reason());
    } catch (IOException e) {
      return internal("begin", e);
    }
    endPrevious(guest);
    retireDestroyedGuests();
    TransferSession session = new TransferSession(guest, staging);
    long handle = objects().insert(TransferSession.KIND, session);
    session.handle(handle);
    HostChannel channel;
    try {
      channel = vmm.get().openChannel(guest, UpdateAbi.channelName(handle), channelCapacity);
    } catch (IllegalStateException | IllegalArgumentException e) {
      objects().remove(guest, TransferSession.KIND, handle);
      LOG.log(System.Logger.Level.WARNING, "no transfer channel for guest ''{0}'': {1}", guest.name(),
          e.getMessage());
      return HypercallError.NO_MEMORY.code();
    }
    session.start(channel, Thread.ofVirtual().name("vmm-update-receiver-" + guest.name())
        .unstarted(new FrameReceiver(session, channel)));
    latest.put(guest, session);
    ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN).putLong(staging.heldLength()).putLong(staging.length());
    context.write(out, answer, 0, answer.length);
    return handle;
  }

  private void endPrevious(Guest guest) {
    TransferSession previous = latest.remove(guest);
    if (previous != null) {
      try {
        previous.end();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * vmm-core retires a destroyed guest's channels but not objects of other kinds, so the sessions
   * of guests destroyed mid-transfer are retired here, on the next BEGIN by anyone.
   */
  private void retireDestroyedGuests() {
    List<TransferSession> gone;
    synchronized (latest) {
      gone = latest.values().stream().filter(s -> s.owner().state() == GuestState.DESTROYED).toList();
    }
    for (TransferSession session : gone) {
      latest.remove(session.owner(), session);
      objects().remove(session.owner(), TransferSession.KIND, session.handle());
    }
  }

  private long status(HypercallContext context, long handle, long out, long a2, long a3, long a4, long a5) {
    TransferSession session = context.resolve(TransferSession.KIND, handle);
    byte[] answer = new byte[UpdateAbi.STATUS_SIZE];
    ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN).putLong(session.staging().heldLength())
        .putLong(session.staging().length()).putInt(session.state()).putInt((int) session.error());
    context.write(out, answer, 0, answer.length);
    return 0;
  }

  private long complete(HypercallContext context, long handle, long a1, long a2, long a3, long a4, long a5) {
    TransferSession session = context.resolve(TransferSession.KIND, handle);
    if (session.state() == UpdateAbi.STATE_FAILED) {
      return session.error();
    }
    // Drained means the receiver has staged its last frame and touches staging no more, even if
    // its thread has not yet ended; a guest that saw DRAINED in STATUS must not be told to wait.
    if (session.state() == UpdateAbi.STATE_RECEIVING && session.receiving()) {
      return HypercallError.AGAIN.code();
    }
    try {
      session.staging().complete();
      session.completed();
      return 0;
    } catch (UpdateRejectedException e) {
      return UpdateAbi.rejectionCode(e.reason());
    } catch (IOException e) {
      return internal("complete", e);
    }
  }

  private long abort(HypercallContext context, long handle, long a1, long a2, long a3, long a4, long a5) {
    TransferSession session = retire(context, handle);
    try {
      store.abortStaging(session.staging().manifestDigest());
      return 0;
    } catch (UpdateRejectedException e) {
      return UpdateAbi.rejectionCode(e.reason());
    } catch (IOException e) {
      return internal("abort", e);
    }
  }

  private long commit(HypercallContext context, long handle, long digestPointer, long digestLength, long a3,
      long a4, long a5) {
    TransferSession session = context.resolve(TransferSession.KIND, handle);
    if (digestLength != Digests.SHA256_LENGTH) {
      return HypercallError.INVALID.code();
    }
    byte[] digest = new byte[Digests.SHA256_LENGTH];
    context.read(digestPointer, digest, 0, digest.length);
    String named = Digests.hex(digest);
    if (!named.equals(session.staging().manifestDigest())) {
      return UpdateAbi.rejectionCode(dev.vmm.update.Rejection.WRONG_PACKAGE);
    }
    try {
      CommitResult result = store.commit(named);
      retire(context, handle);
      return result.committed() ? 1 : 0;
    } catch (UpdateRejectedException e) {
      return UpdateAbi.rejectionCode(e.reason());
    } catch (IOException e) {
      return internal("commit", e);
    }
  }

  private TransferSession retire(HypercallContext context, long handle) {
    TransferSession session = context.resolve(TransferSession.KIND, handle);
    objects().remove(context.guest(), TransferSession.KIND, handle);
    latest.remove(context.guest(), session);
    try {
      session.end();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return session;
  }

  private static long internal(String call, IOException e) {
    LOG.log(System.Logger.Level.ERROR, "update " + call + " failed on the VMM's disk", e);
    return HypercallError.INTERNAL.code();
  }
}

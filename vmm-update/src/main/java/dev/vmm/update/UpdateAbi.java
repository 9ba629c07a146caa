package dev.vmm.update;

import dev.vmm.core.HypercallAbi;

/**
 * The update hypercalls (block {@code BASE + 0x100..0x1FF} of {@link HypercallAbi}) and the frame
 * format of the transfer channel. The full table, with every error code, is in
 * {@code docs/hypercalls.md}.
 *
 * <p>The flow a guest drives: {@link #BEGIN} with the package's signed header (the VMM verifies
 * it itself and answers with a session handle and how much of the payload it already holds);
 * frames of the VMM payload from that offset through the channel named
 * {@link #channelName(long)}; {@link #COMPLETE}; then, once its extension updates are applied,
 * {@link #COMMIT} naming the manifest digest, or {@link #ABORT}. {@link #STATUS} answers at any
 * time, including why the VMM closed the channel.
 *
 * <p>A refusal by the VMM's checks is returned as {@link #rejectionCode(Rejection)}: a negative
 * value below every errno, so {@link #rejectionOf(long)} tells the two apart.
 */
public final class UpdateAbi {
  /**
   * {@code BEGIN(header, len, out)}: verifies the signed header at {@code header} (at most
   * {@link #MAX_HEADER_LENGTH} bytes) against the VMM's trust root and installed version, opens
   * (or resumes) staging, opens the transfer channel, and writes {@link #BEGIN_OUT_SIZE} bytes at
   * {@code out}: u64 bytes already held, u64 signed payload length. Returns the session handle.
   */
  public static final long BEGIN = HypercallAbi.BASE + 0x100;
  /**
   * {@code STATUS(session, out)}: writes {@link #STATUS_SIZE} bytes at {@code out}: u64 held,
   * u64 signed length, u32 state ({@link #STATE_RECEIVING} ...), i32 the error that closed the
   * channel or 0. Returns 0.
   */
  public static final long STATUS = HypercallAbi.BASE + 0x101;
  /**
   * {@code COMPLETE(session)}: checks the whole payload against the signed SHA-256. Returns 0,
   * {@code -EAGAIN} while frames are still being received, or a rejection.
   */
  public static final long COMPLETE = HypercallAbi.BASE + 0x102;
  /**
   * {@code ABORT(session)}: discards the staged payload, closes the channel and retires the
   * handle. Returns 0.
   */
  public static final long ABORT = HypercallAbi.BASE + 0x103;
  /**
   * {@code COMMIT(session, digest, len)}: commits the staged package named by the 32-byte manifest
   * digest at {@code digest} ({@code len} must be 32). Returns 1 if the new version is active, 0
   * if its health check failed and the VMM rolled back, or a rejection.
   */
  public static final long COMMIT = HypercallAbi.BASE + 0x104;
  /**
   * {@code SERVICE_CALL(name, len, a0, a1, a2, a3)}: calls the {@link VmmService} of that UTF-8
   * name (at most {@link #MAX_SERVICE_NAME} bytes) in the VMM's active version, looked up anew on
   * every call, so a commit takes effect for the next call. Returns its result, or
   * {@code -ENOENT}.
   */
  public static final long SERVICE_CALL = HypercallAbi.BASE + 0x110;
  /**
   * The first number of the updatable block, {@code BASE + 0x180}: numbers whose hypercalls the
   * active version's jars provide as vmm-core {@link dev.vmm.core.HypercallService}s, so a commit
   * changes what they do, adds new ones and removes old ones while guests run. A number of the
   * block that the active version does not serve returns {@code -ENOSYS}, as any unbound number.
   */
  public static final long UPDATABLE_BASE = HypercallAbi.BASE + 0x180;
  /** How many numbers the updatable block holds. */
  public static final int UPDATABLE_COUNT = 0x80;
  /** The last number of the updatable block (inclusive), {@code BASE + 0x1FF}. */
  public static final long UPDATABLE_END = UPDATABLE_BASE + UPDATABLE_COUNT - 1;

  /** The longest signed header {@link #BEGIN} reads. */
  public static final int MAX_HEADER_LENGTH = 256 << 10;
  /** Bytes {@link #BEGIN} writes at {@code out}. */
  public static final int BEGIN_OUT_SIZE = 16;
  /** Bytes {@link #STATUS} writes at {@code out}. */
  public static final int STATUS_SIZE = 24;
  /** The longest service name {@link #SERVICE_CALL} reads. */
  public static final int MAX_SERVICE_NAME = 256;

  /** Session state: the channel is open and the VMM is taking frames. */
  public static final int STATE_RECEIVING = 0;
  /** Session state: the guest ended its stream and every frame was staged. */
  public static final int STATE_DRAINED = 1;
  /** Session state: the whole payload is staged and matched the signed digest. */
  public static final int STATE_COMPLETE = 2;
  /** Session state: the VMM refused a frame and closed the channel; STATUS says why. */
  public static final int STATE_FAILED = 3;

  /**
   * Bytes of a frame header: u64 offset, u32 length, u32 CRC32C of the data, little-endian. The
   * data follow; the CRC32C only detects damage, the signed SHA-256 is what the VMM trusts.
   */
  public static final int FRAME_HEADER_SIZE = 16;
  /** The most data one frame carries. */
  public static final int MAX_FRAME_DATA = 1 << 20;

  /** Rejections are returned as {@code -(REJECTION_BASE + code)}. */
  public static final int REJECTION_BASE = 0x1000;

  private UpdateAbi() {}

  /**
   * Tells whether a number belongs to the updatable block.
   *
   * @param number a hypercall number
   * @return whether {@code UPDATABLE_BASE <= number <= UPDATABLE_END}
   */
  public static boolean isUpdatable(long number) {
    return number - UPDATABLE_BASE >= 0 && number - UPDATABLE_BASE < UPDATABLE_COUNT;
  }

  /**
   * The name of the transfer channel of a session, which the guest opens with
   * {@link HypercallAbi#CHANNEL_OPEN}.
   *
   * @param session the handle {@link #BEGIN} returned
   * @return the channel's name
   */
  public static String channelName(long session) {
    return "vmm-update/" + Long.toHexString(session);
  }

  /**
   * The value a hypercall returns for a refusal.
   *
   * @param rejection why
   * @return {@code -(REJECTION_BASE + rejection.code())}
   */
  public static long rejectionCode(Rejection rejection) {
    return -(REJECTION_BASE + (long) rejection.code());
  }

  /**
   * The refusal a hypercall result stands for.
   *
   * @param result a hypercall's result
   * @return the rejection, or {@code null} if the result is not one
   */
  public static Rejection rejectionOf(long result) {
    for (Rejection rejection : Rejection.values()) {
      if (rejectionCode(rejection) == result) {
        return rejection;
      }
    }
    return null;
  }
}

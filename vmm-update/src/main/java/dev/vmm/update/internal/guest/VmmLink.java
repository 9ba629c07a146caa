package dev.vmm.update.internal.guest;

import dev.vmm.core.GuestChannel;
import dev.vmm.core.GuestExtensionContext;
import dev.vmm.core.HypercallError;
import dev.vmm.memory.GuestMemory;
import dev.vmm.update.UpdateAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The guest's side of {@link UpdateAbi}: each call made as a guest program would, with arguments
 * in the guest's own heap. Results are the hypercalls' own values (negative on error).
 */
final class VmmLink {
  /** What BEGIN answered: the session, or the error in {@code handle}. */
  record Begin(long handle, long held, long length) {}

  /** What STATUS answered. */
  record Status(long held, long length, int state, int error) {}

  private final GuestExtensionContext context;
  private final GuestMemory memory;

  VmmLink(GuestExtensionContext context) {
    this.context = context;
    this.memory = context.memory();
  }

  Begin begin(byte[] header) {
    long buffer = malloc(header.length + UpdateAbi.BEGIN_OUT_SIZE);
    try {
      memory.copyIn(buffer, header, 0, header.length);
      long out = buffer + header.length;
      long handle = context.hypercall(UpdateAbi.BEGIN, buffer, header.length, out, 0, 0, 0);
      if (handle < 0) {
        return new Begin(handle, 0, 0);
      }
      ByteBuffer answer = read(out, UpdateAbi.BEGIN_OUT_SIZE);
      return new Begin(handle, answer.getLong(), answer.getLong());
    } finally {
      memory.free(buffer, 0);
    }
  }

  Status status(long handle) {
    long out = malloc(UpdateAbi.STATUS_SIZE);
    try {
      long result = context.hypercall(UpdateAbi.STATUS, handle, out, 0, 0, 0, 0);
      if (result < 0) {
        return new Status(0, 0, UpdateAbi.STATE_FAILED, (int) result);
      }
      ByteBuffer answer = read(out, UpdateAbi.STATUS_SIZE);
      return new Status(answer.getLong(), answer.getLong(), answer.getInt(), answer.getInt());
    } finally {
      memory.free(out, 0);
    }
  }

  /** COMPLETE, waiting while the VMM still stages frames the guest already sent. */
  long complete(long handle) throws InterruptedException {
    while (true) {
      long result = context.hypercall(UpdateAbi.COMPLETE, handle, 0, 0, 0, 0, 0);
      if (result != HypercallError.AGAIN.code()) {
        return result;
      }
      Thread.sleep(1);
    }
  }

  long abort(long handle) {
    return context.hypercall(UpdateAbi.ABORT, handle, 0, 0, 0, 0, 0);
  }

  long commit(long handle, String manifestDigest) {
    byte[] digest = HexFormat.of().parseHex(manifestDigest);
    long buffer = malloc(digest.length);
    try {
      memory.copyIn(buffer, digest, 0, digest.length);
      return context.hypercall(UpdateAbi.COMMIT, handle, buffer, digest.length, 0, 0, 0);
    } finally {
      memory.free(buffer, 0);
    }
  }

  GuestChannel openTransfer(long handle, int bufferSize) {
    return context.openChannel(UpdateAbi.channelName(handle), bufferSize);
  }

  private ByteBuffer read(long pointer, int length) {
    byte[] bytes = new byte[length];
    memory.copyOut(pointer, bytes, 0, length);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private long malloc(int size) {
    long pointer = memory.malloc(size, 0);
    if (pointer == 0) {
      throw new IllegalStateException("the guest's heap has no room for " + size + " bytes");
    }
    return pointer;
  }

  /** Describes a result for messages: a rejection by name, an errno by symbol. */
  static String describe(long result) {
    var rejection = UpdateAbi.rejectionOf(result);
    if (rejection != null) {
      return rejection.name();
    }
    HypercallError error = HypercallError.of(result);
    return error != null ? error.symbol() : Long.toString(result);
  }
}

package dev.vmm.update;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives one package's VMM payload into the VMM's staging area, chunk by chunk, verifying as it
 * goes; what the guest-to-VMM channel drives. Get one from {@link UpdateStore#beginStaging}.
 *
 * <p>Chunks are accepted in order only: each must start where the verified prefix ends
 * ({@link #heldLength()}). After an interruption (a broken channel, a restarted VMM) the sender
 * asks {@link #heldLength()} and resumes from there. The payload can never grow past the signed
 * length. {@link #complete()} checks the whole payload against the signed SHA-256; only then can
 * the update be committed.
 *
 * <p>Every refusal is an {@link UpdateRejectedException} whose {@link Rejection#code()} can go back
 * to the guest; a refused chunk changes nothing. Methods are safe to call from several threads;
 * they run one at a time.
 */
public interface StagingSession {
  /**
   * The verified manifest of the package being staged.
   *
   * @return the manifest
   */
  PackageManifest manifest();

  /**
   * The manifest digest, which names this package in {@link UpdateStore#commit}.
   *
   * @return 64 lowercase hex digits
   */
  String manifestDigest();

  /**
   * The verified prefix: how many payload bytes are staged. The answer to "what do you hold?".
   *
   * @return bytes held, 0 to {@link #length()}
   */
  long heldLength();

  /**
   * The payload's signed length.
   *
   * @return the length the manifest signs
   */
  long length();

  /**
   * Stages one chunk.
   *
   * @param offset where the chunk starts in the payload; must equal {@link #heldLength()}
   * @param chunk the bytes, from its position to its limit, at most {@link #MAX_CHUNK_LENGTH};
   *     consumed (position moved to the limit) when accepted, untouched when refused
   * @param chunkCrc32c the CRC32C of the chunk's bytes ({@link java.util.zip.CRC32C}, as an int);
   *     catches damage in transit, nothing more (the
   *     signed digest checked by {@link #complete()} is what makes the payload trusted)
   * @throws UpdateRejectedException if the offset is not the held length, the chunk would pass the
   *     signed length, its digest differs, or the session was aborted or replaced
   * @throws IOException if the staging area cannot be written
   */
  void accept(long offset, ByteBuffer chunk, int chunkCrc32c) throws UpdateRejectedException, IOException;

  /**
   * Finishes staging: the whole payload must be held and match the signed SHA-256. If the digest
   * differs, the staged bytes are discarded and the held length goes back to 0.
   *
   * @return what is staged
   * @throws UpdateRejectedException if the payload is not all held or its digest differs
   * @throws IOException if the staging area cannot be synced
   */
  StagedUpdate complete() throws UpdateRejectedException, IOException;

  /**
   * What is staged now.
   *
   * @return the staging state
   */
  StagedUpdate state();

  /** The largest chunk {@link #accept} takes: 16 MiB. */
  int MAX_CHUNK_LENGTH = 16 << 20;
}

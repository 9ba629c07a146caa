package dev.vmm.update.internal;

import dev.vmm.update.PackageManifest;
import dev.vmm.update.Rejection;
import dev.vmm.update.StagedUpdate;
import dev.vmm.update.StagingSession;
import dev.vmm.update.UpdateListener;
import dev.vmm.update.UpdatePhase;
import dev.vmm.update.UpdateRejectedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * The staging area on disk: {@code header.bin} (the verified signed header), {@code payload.part}
 * (the verified prefix of the VMM payload, and possibly unverified bytes after it from a write a
 * crash cut short), {@code journal} (one 16-byte record per accepted chunk: offset, length,
 * CRC32C) and, once the whole payload matched its signed digest and was synced, {@code complete}.
 *
 * <p>Chunks are not synced one by one: after a crash, {@link #recover} replays the journal against
 * the payload file and keeps the longest prefix whose chunks still match their CRC32C records, so
 * bytes lost or torn by the crash are simply sent again. Only {@link #complete()} syncs.
 *
 * <p>Per-chunk CRC32C only catches damage (in transit, or torn by a crash); it is no defence against
 * a forger, who can compute it as easily as we can. Trust comes from the running SHA-256 of the
 * whole payload, compared with the signed digest by {@link #complete()} and again on recovery.
 */
public final class DiskStaging implements StagingSession {
  static final String HEADER = "header.bin";
  static final String PAYLOAD = "payload.part";
  static final String JOURNAL = "journal";
  static final String COMPLETE = "complete";
  private static final int JOURNAL_RECORD_LENGTH = 8 + 4 + 4;

  private final Path directory;
  private final PackageManifest manifest;
  private final String manifestDigest;
  private final UpdateListener listener;
  private final FileChannel payload;
  private final FileChannel journal;
  private final MessageDigest running = Digests.sha256();
  private final CRC32C chunkCrc = new CRC32C();
  private long held;
  private boolean complete;
  private String closedBecause;

  private DiskStaging(Path directory, PackageManifest manifest, UpdateListener listener) throws IOException {
    this.directory = directory;
    this.manifest = manifest;
    this.manifestDigest = manifest.digest();
    this.listener = listener;
    this.payload = FileChannel.open(directory.resolve(PAYLOAD), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    this.journal = FileChannel.open(directory.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /** A fresh staging area for a verified package, replacing whatever {@code directory} held. */
  public static DiskStaging create(Path directory, byte[] signedHeader, PackageManifest manifest,
      UpdateListener listener) throws IOException {
    AtomicFiles.deleteTree(directory);
    Files.createDirectories(directory);
    AtomicFiles.replace(directory.resolve(HEADER), signedHeader);
    return new DiskStaging(directory, manifest, listener);
  }

  /** The signed header a staging area was created with, or null if it has none. */
  public static byte[] storedHeader(Path directory) throws IOException {
    Path header = directory.resolve(HEADER);
    return Files.isRegularFile(header) ? Files.readAllBytes(header) : null;
  }

  /** Reopens a staging area after a restart, keeping the longest prefix the journal still vouches for. */
  public static DiskStaging recover(Path directory, PackageManifest manifest, UpdateListener listener)
      throws IOException {
    DiskStaging staging = new DiskStaging(directory, manifest, listener);
    staging.replayJournal();
    return staging;
  }

  private void replayJournal() throws IOException {
    long records = journal.size() / JOURNAL_RECORD_LENGTH;
    ByteBuffer record = ByteBuffer.allocate(JOURNAL_RECORD_LENGTH);
    long kept = 0;
    for (; kept < records; kept++) {
      record.clear();
      readFully(journal, record, kept * JOURNAL_RECORD_LENGTH);
      record.flip();
      long offset = record.getLong();
      int length = record.getInt();
      int expected = record.getInt();
      if (offset != held || length <= 0 || length > MAX_CHUNK_LENGTH || length > manifest.vmm().length() - held
          || payload.size() < offset + length) {
        break;
      }
      ByteBuffer chunk = ByteBuffer.allocate(length);
      readFully(payload, chunk, offset);
      chunk.flip();
      if (crc32c(chunk) != expected) {
        break;
      }
      running.update(chunk);
      held += length;
    }
    journal.truncate(kept * JOURNAL_RECORD_LENGTH);
    payload.truncate(held);
    Path marker = directory.resolve(COMPLETE);
    if (held == manifest.vmm().length()) {
      if (Digests.sameDigest(manifest.vmm().sha256(), running.digest())) {
        complete = Files.exists(marker);
      } else {
        reset();
      }
    }
    if (!complete) {
      Files.deleteIfExists(marker);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("file ends at " + (position + buffer.position()) + " while reading a recorded range");
      }
    }
  }

  private void reset() throws IOException {
    held = 0;
    running.reset();
    journal.truncate(0);
    payload.truncate(0);
  }

  @Override
  public PackageManifest manifest() {
    return manifest;
  }

  @Override
  public String manifestDigest() {
    return manifestDigest;
  }

  @Override
  public synchronized long heldLength() {
    return held;
  }

  @Override
  public long length() {
    return manifest.vmm().length();
  }

  public synchronized boolean isComplete() {
    return complete;
  }

  public Path payloadFile() {
    return directory.resolve(PAYLOAD);
  }

  @Override
  public synchronized StagedUpdate state() {
    return new StagedUpdate(manifest, manifestDigest, held, complete);
  }

  @Override
  public synchronized void accept(long offset, ByteBuffer chunk, int chunkCrc32c)
      throws UpdateRejectedException, IOException {
    ensureOpen();
    int length = chunk.remaining();
    long signed = length();
    if (complete) {
      throw new UpdateRejectedException(Rejection.OVERSIZED, "the payload is complete at " + signed
          + " bytes; a chunk at offset " + offset + " is beyond it");
    }
    if (offset != held) {
      throw new UpdateRejectedException(Rejection.OFFSET_MISMATCH,
          "chunk at offset " + offset + ", but the verified prefix ends at " + held);
    }
    if (length == 0) {
      throw new UpdateRejectedException(Rejection.MALFORMED, "empty chunk at offset " + offset);
    }
    if (length > MAX_CHUNK_LENGTH) {
      throw new UpdateRejectedException(Rejection.OVERSIZED,
          "chunk of " + length + " bytes, the limit is " + MAX_CHUNK_LENGTH);
    }
    if (length > signed - held) {
      throw new UpdateRejectedException(Rejection.OVERSIZED, "chunk of " + length + " bytes at offset " + offset
          + " passes the signed length " + signed);
    }
    int actual = crc32c(chunk);
    if (actual != chunkCrc32c) {
      throw new UpdateRejectedException(Rejection.CHUNK_DIGEST_MISMATCH, "chunk at offset " + offset
          + " has CRC32C " + hex32(actual) + ", sent with " + hex32(chunkCrc32c));
    }
    ByteBuffer data = chunk.duplicate();
    while (data.hasRemaining()) {
      payload.write(data, offset + data.position() - chunk.position());
    }
    ByteBuffer record = ByteBuffer.allocate(JOURNAL_RECORD_LENGTH).putLong(offset).putInt(length).putInt(actual).flip();
    long journalPosition = journal.size() / JOURNAL_RECORD_LENGTH * JOURNAL_RECORD_LENGTH;
    while (record.hasRemaining()) {
      journal.write(record, journalPosition + record.position());
    }
    running.update(chunk);
    held += length;
    listener.chunkStaged(held, signed);
  }

  @Override
  public synchronized StagedUpdate complete() throws UpdateRejectedException, IOException {
    ensureOpen();
    if (complete) {
      return state();
    }
    if (held != length()) {
      throw new UpdateRejectedException(Rejection.TRUNCATED,
          "the payload holds " + held + " of its signed " + length() + " bytes");
    }
    byte[] actual = running.digest();
    if (!Digests.sameDigest(manifest.vmm().sha256(), actual)) {
      reset();
      throw new UpdateRejectedException(Rejection.DIGEST_MISMATCH, "the staged payload has SHA-256 "
          + Digests.hex(actual) + ", the manifest signs " + manifest.vmm().sha256() + "; staging starts again at 0");
    }
    payload.force(true);
    journal.force(true);
    AtomicFiles.replace(directory.resolve(COMPLETE), manifestDigest.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    complete = true;
    listener.phase(UpdatePhase.STAGED, manifest.vmm().version());
    return state();
  }

  private int crc32c(ByteBuffer chunk) {
    chunkCrc.reset();
    chunkCrc.update(chunk.duplicate());
    return (int) chunkCrc.getValue();
  }

  private static String hex32(int value) {
    return String.format("%08x", value);
  }

  /** Ends this session; later calls are refused with the reason given. */
  public synchronized void close(String because) throws IOException {
    if (closedBecause == null) {
      closedBecause = because;
      payload.close();
      journal.close();
    }
  }

  private void ensureOpen() throws UpdateRejectedException {
    if (closedBecause != null) {
      throw new UpdateRejectedException(Rejection.NOT_STAGED,
          "staging of package " + manifestDigest + " has ended: " + closedBecause);
    }
  }
}

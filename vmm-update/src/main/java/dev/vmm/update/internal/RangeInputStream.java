package dev.vmm.update.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads one byte range of a file and then ends, even if the file goes on. */
public final class RangeInputStream extends InputStream {
  private final FileChannel channel;
  private final long end;
  private long position;

  public RangeInputStream(Path file, long offset, long length) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (position >= end) {
      return -1;
    }
    int wanted = (int) Math.min(length, end - position);
    int read = channel.read(ByteBuffer.wrap(bytes, offset, wanted), position);
    if (read < 0) {
      throw new IOException("file ends at " + position + ", before the end of its range at " + end);
    }
    position += read;
    return read;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

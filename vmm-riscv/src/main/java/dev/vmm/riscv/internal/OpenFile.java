package dev.vmm.riscv.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/** What a guest file descriptor refers to. */
public sealed interface OpenFile {
  /**
   * The host's input stream as the guest's standard input.
   *
   * @param in where reads come from
   * @param terminal whether the host says it is a terminal
   */
  record HostInput(InputStream in, boolean terminal) implements OpenFile {}

  /**
   * One of the host's output streams as the guest's standard output or error.
   *
   * @param out where writes go
   * @param terminal whether the host says it is a terminal
   */
  record HostOutput(OutputStream out, boolean terminal) implements OpenFile {}

  /**
   * A regular file inside the root. The channel's position is the file offset; a call that uses
   * it synchronizes on this object, since the threads of a guest share descriptors.
   *
   * @param channel the open host file
   * @param host its host path, for {@code fstat}
   * @param readable opened {@code O_RDONLY} or {@code O_RDWR}
   * @param writable opened {@code O_WRONLY} or {@code O_RDWR}
   * @param append every write goes to the end ({@code O_APPEND}); Java refuses to read a channel
   *     opened for appending, so appending is done here
   */
  record RegularFile(FileChannel channel, Path host, boolean readable, boolean writable,
      boolean append) implements OpenFile {}

  /**
   * A directory inside the root, opened for {@code getdents64} or as a {@code dirfd}.
   *
   * @param names its names below the root, where relative paths start
   * @param host its host path
   * @param cursor the listing read so far
   */
  record Directory(List<String> names, Path host, DirectoryCursor cursor) implements OpenFile {}
}

package dev.vmm.riscv.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves guest paths inside the one host directory a guest may use, which the guest sees as
 * {@code /}: the guest is chrooted there.
 *
 * <p>Why nothing escapes: a resolved path is a list of plain names below the root (never empty,
 * {@code .} or {@code ..}, never containing {@code /}), and the host path is the root with those
 * names appended, so it is lexically inside the root. {@code ..} pops a name and stops at the root;
 * an absolute path starts again at the root. Every name that is not the last must be a real
 * directory, checked without following links; a symbolic link met on the way is not followed by
 * the host but read, and its target is resolved by these same rules (an absolute target from the
 * root), at most {@value #MAX_LINKS} times, as Linux limits loops. The final name is followed the
 * same way when the call asks for it; when it does not, callers operate on the host path with
 * {@link LinkOption#NOFOLLOW_LINKS}. What this does not defend against is the host itself
 * replacing directories with links while a call is between checking and using a name.
 */
public final class PathResolver {
  /** How many symbolic links one resolution follows before it answers {@code ELOOP}. */
  public static final int MAX_LINKS = 40;
  /** The longest guest path, with its NUL, as Linux's {@code PATH_MAX}. */
  public static final int PATH_MAX = 4096;
  private static final int NAME_MAX = 255;

  /**
   * A guest path resolved inside the root.
   *
   * @param names the names below the root, none of them a link except possibly the last
   * @param host the host path: the root with {@code names} appended
   * @param mustBeDirectory the guest path ended in {@code /}
   */
  public record Resolved(List<String> names, Path host, boolean mustBeDirectory) {}

  private final Path root;

  /**
   * Creates a resolver.
   *
   * @param root the host directory the guest sees as {@code /}; made real (links resolved) here
   * @throws IOException if it cannot be resolved
   */
  public PathResolver(Path root) throws IOException {
    this.root = root.toRealPath();
  }

  /**
   * Returns the host directory the guest sees as {@code /}.
   *
   * @return the real root path
   */
  public Path root() {
    return root;
  }

  /**
   * Resolves a guest path.
   *
   * @param base the names of the directory a relative path starts from
   * @param path the guest path
   * @param followLast whether a link as the final name is followed
   * @return where the path leads; the final name need not exist
   * @throws SyscallError {@code ENOENT} for an empty path or a missing directory on the way,
   *     {@code ENOTDIR} for a non-directory on the way, {@code ELOOP}, {@code ENAMETOOLONG}
   */
  public Resolved resolve(List<String> base, String path, boolean followLast) {
    if (path.isEmpty()) {
      throw new SyscallError(Errno.ENOENT);
    }
    List<String> current = new ArrayList<>(path.startsWith("/") ? List.of() : base);
    Deque<String> pending = new ArrayDeque<>();
    push(pending, path);
    boolean mustBeDirectory = path.endsWith("/");
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.equals("..")) {
        if (!current.isEmpty()) {
          current.removeLast();
        }
        continue;
      }
      if (name.length() > NAME_MAX) {
        throw new SyscallError(Errno.ENAMETOOLONG);
      }
      current.add(name);
      Path host = host(current);
      boolean last = pending.isEmpty();
      if (Files.isSymbolicLink(host) && (!last || followLast || mustBeDirectory)) {
        if (++links > MAX_LINKS) {
          throw new SyscallError(Errno.ELOOP);
        }
        current.removeLast();
        String target = readLink(host);
        if (target.startsWith("/")) {
          current.clear();
        }
        push(pending, target);
        continue;
      }
      if (!last && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        throw new SyscallError(
            Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR : Errno.ENOENT);
      }
    }
    Path host = host(current);
    if (mustBeDirectory && Files.exists(host, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    return new Resolved(List.copyOf(current), host, mustBeDirectory);
  }

  /** Puts a path's names in front of what is still to resolve, skipping empty ones and dots. */
  private static void push(Deque<String> pending, String path) {
    String[] names = path.split("/");
    for (int i = names.length - 1; i >= 0; i--) {
      if (!names[i].isEmpty() && !names[i].equals(".")) {
        pending.addFirst(names[i]);
      }
    }
  }

  private Path host(List<String> names) {
    Path host = root;
    for (String name : names) {
      host = host.resolve(name);
    }
    return host;
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new SyscallError(Errno.ENOENT);
    }
  }
}

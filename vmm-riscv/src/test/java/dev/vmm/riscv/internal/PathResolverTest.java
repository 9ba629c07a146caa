package dev.vmm.riscv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resolver's one promise, that no guest path leads out of the root, checked on seeded random
 * paths through a tree full of links that point outside, plus the Linux answers it gives.
 */
class PathResolverTest {
  @TempDir Path outside;
  Path rootDir;
  PathResolver resolver;

  @BeforeEach
  void tree() throws IOException {
    Files.writeString(outside.resolve("secret"), "host");
    rootDir = Files.createDirectories(outside.resolve("root"));
    Files.createDirectories(rootDir.resolve("a/b"));
    Files.writeString(rootDir.resolve("a/file"), "f");
    Files.createSymbolicLink(rootDir.resolve("up"), Path.of("../../.."));
    Files.createSymbolicLink(rootDir.resolve("a/abs"), outside);
    Files.createSymbolicLink(rootDir.resolve("a/b/slash"), Path.of("/"));
    Files.createSymbolicLink(rootDir.resolve("a/b/secret"), outside.resolve("secret"));
    Files.createSymbolicLink(rootDir.resolve("self"), Path.of("self"));
    Files.createSymbolicLink(rootDir.resolve("toa"), Path.of("a/b/.."));
    resolver = new PathResolver(rootDir);
  }

  /** JUnit warns of links to outside its temporary directory when it deletes them. */
  @AfterEach
  void removeLinksToOutsideTheTempDirectory() throws IOException {
    Files.delete(rootDir.resolve("up"));
    Files.delete(rootDir.resolve("a/b/slash"));
  }

  @Nested
  class Confinement {
    static final String[] NAMES = {
        "a", "b", "file", "up", "abs", "slash", "secret", "self", "toa", "..", ".", "", "root",
        "missing"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void noRandomPathLeavesTheRoot(long seed) throws IOException {
      SplittableRandom random = new SplittableRandom(seed);
      Path realRoot = rootDir.toRealPath();
      int resolvedPaths = 0;
      for (int round = 0; round < 500; round++) {
        StringBuilder path = new StringBuilder(random.nextBoolean() ? "/" : "");
        int names = 1 + random.nextInt(8);
        for (int i = 0; i < names; i++) {
          path.append(i > 0 ? "/" : "").append(NAMES[random.nextInt(NAMES.length)]);
        }
        String guestPath = path.toString();
        PathResolver.Resolved resolved;
        try {
          resolved = resolver.resolve(List.of(), guestPath, random.nextBoolean());
        } catch (SyscallError refused) {
          continue;
        }
        resolvedPaths++;
        assertThat(resolved.host().normalize().startsWith(realRoot))
            .as("seed %d: %s resolved to %s", seed, guestPath, resolved.host()).isTrue();
        assertThat(resolved.names()).as("seed %d: %s", seed, guestPath)
            .doesNotContain("..", ".", "");
        Path parent = resolved.host().getParent();
        if (!resolved.names().isEmpty() && Files.exists(parent)) {
          assertThat(parent.toRealPath().startsWith(realRoot))
              .as("seed %d: %s: the directory it lands in, %s", seed, guestPath, parent).isTrue();
        }
        if (Files.exists(resolved.host(), LinkOption.NOFOLLOW_LINKS)
            && !Files.isSymbolicLink(resolved.host())) {
          assertThat(resolved.host().toRealPath().startsWith(realRoot))
              .as("seed %d: %s", seed, guestPath).isTrue();
        }
      }
      assertThat(resolvedPaths).as("seed %d: paths that resolved, of 500", seed)
          .isGreaterThan(100);
    }

    @Test
    void linksOutwardLandOnTheirNamesakesInsideTheRoot() {
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "a/abs/secret", true)).result())
          .as("the outside directory's path has no namesake below the root")
          .isEqualTo(-Errno.ENOENT);
      assertThat(resolver.resolve(List.of(), "a/b/slash/a/file", true).names())
          .containsExactly("a", "file");
      assertThat(resolver.resolve(List.of(), "up/up/a", true).names()).containsExactly("a");
    }
  }

  @Nested
  class LinuxAnswers {
    @Test
    void aLinkLoopIsEloop() {
      SyscallError e = catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "self", true));
      assertThat(e.result()).isEqualTo(-Errno.ELOOP);
    }

    @Test
    void aFileOnTheWayIsEnotdirAndAMissingDirectoryEnoent() {
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "a/file/x", true)).result())
          .isEqualTo(-Errno.ENOTDIR);
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "nope/x", true)).result())
          .isEqualTo(-Errno.ENOENT);
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "a/file/", true)).result())
          .as("a trailing slash on a file").isEqualTo(-Errno.ENOTDIR);
    }

    @Test
    void anEmptyPathIsEnoentAndAnOverlongNameEnametoolong() {
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "", true)).result()).isEqualTo(-Errno.ENOENT);
      assertThat(catchThrowableOfType(SyscallError.class,
          () -> resolver.resolve(List.of(), "x".repeat(256), true)).result())
          .isEqualTo(-Errno.ENAMETOOLONG);
    }

    @Test
    void relativePathsStartAtTheBaseAndAFinalLinkIsKeptWhenAsked() {
      assertThat(resolver.resolve(List.of("a"), "b/../file", true).names())
          .containsExactly("a", "file");
      assertThat(resolver.resolve(List.of(), "toa", false).names()).containsExactly("toa");
      assertThat(resolver.resolve(List.of(), "toa", true).names()).containsExactly("a");
    }
  }
}

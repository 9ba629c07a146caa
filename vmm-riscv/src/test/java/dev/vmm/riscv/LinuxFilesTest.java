package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file system calls of {@link LinuxSyscalls}, one ecall at a time, against a root directory
 * that sits inside a bigger temporary directory holding a "secret" the guest must never reach.
 */
class LinuxFilesTest {
  static final long PATH = 0x2000;
  static final long BUFFER = 0x3000;
  static final long STAT = 0x6000;
  static final int AT_FDCWD = -100;
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_RDWR = 2;
  static final int O_CREAT = 0x40;
  static final int O_EXCL = 0x80;
  static final int O_TRUNC = 0x200;
  static final int O_APPEND = 0x400;
  static final int O_DIRECTORY = 0x10000;
  static final int O_NOFOLLOW = 0x20000;
  static final int ENOENT = -2;
  static final int EBADF = -9;
  static final int EFAULT = -14;
  static final int EEXIST = -17;
  static final int ENOTDIR = -20;
  static final int EISDIR = -21;
  static final int EINVAL = -22;
  static final int ENOTTY = -25;
  static final int ESPIPE = -29;
  static final int ENOTEMPTY = -39;
  static final int ELOOP = -40;

  @TempDir Path outside;
  Path root;
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  LinuxSyscalls linux;
  HartHarness harness;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(outside.resolve("secret"), "host secret");
    root = Files.createDirectory(outside.resolve("root"));
    linux = LinuxSyscalls.builder(new LinuxSyscalls.Layout(0x8000, 0x8000, 0xC000, 0xC000))
        .stdin(new ByteArrayInputStream("line one\nline two\n".getBytes(StandardCharsets.UTF_8)))
        .stdout(stdout).terminal(1).fileRoot(root).build();
    harness = new HartHarness(linux);
  }

  @AfterEach
  void secretIsUntouched() throws IOException {
    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("host secret");
    try (var entries = Files.list(outside)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
          .as("nothing created outside the root").containsExactly("root", "secret");
    }
  }

  long call(long number, long... args) {
    for (int i = 0; i < args.length; i++) {
      harness.hart.setX(10 + i, args[i]);
    }
    harness.hart.setX(17, number);
    linux.onEcall(harness.hart);
    return harness.hart.x(10);
  }

  long path(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      harness.memory.store8(PATH + i, bytes[i]);
    }
    harness.memory.store8(PATH + bytes.length, 0);
    return PATH;
  }

  long open(String path, int flags) {
    return call(56, AT_FDCWD, path(path), flags, 0644);
  }

  void put(long at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      harness.memory.store8(at + i, bytes[i]);
    }
  }

  String get(long at, long length) {
    byte[] bytes = new byte[(int) length];
    for (int i = 0; i < length; i++) {
      bytes[i] = harness.memory.load8(at + i);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  long write(long fd, String text) {
    put(BUFFER, text);
    return call(64, fd, BUFFER, text.length());
  }

  String read(long fd, int count) {
    long n = call(63, fd, BUFFER, count);
    assertThat(n).as("read result").isNotNegative();
    return get(BUFFER, n);
  }

  @Nested
  class OpeningReadingWriting {
    @Test
    void aCreatedFileHoldsWhatWasWrittenAndReadsBackFromTheStart() throws IOException {
      long fd = open("notes.txt", O_RDWR | O_CREAT | O_TRUNC);
      assertThat(fd).as("lowest free descriptor").isEqualTo(3);
      assertThat(write(fd, "hello file")).isEqualTo(10);
      assertThat(call(62, fd, 0, 0)).as("lseek SEEK_SET").isZero();
      assertThat(read(fd, 100)).isEqualTo("hello file");
      assertThat(read(fd, 100)).as("at the end").isEmpty();
      assertThat(call(57, fd)).isZero();

      assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("hello file");
      assertThat(call(57, fd)).as("closed twice").isEqualTo(EBADF);
    }

    @Test
    void appendTruncateAndExclusiveCreateBehaveAsOnLinux() throws IOException {
      Files.writeString(root.resolve("log"), "one\n");
      long fd = open("log", O_WRONLY | O_APPEND);
      call(62, fd, 0, 0);
      write(fd, "two\n");
      call(57, fd);
      assertThat(Files.readString(root.resolve("log"))).isEqualTo("one\ntwo\n");

      assertThat(open("log", O_WRONLY | O_CREAT | O_EXCL)).isEqualTo(EEXIST);
      call(57, open("log", O_WRONLY | O_TRUNC));
      assertThat(Files.size(root.resolve("log"))).isZero();
      assertThat(open("missing", O_RDONLY)).isEqualTo(ENOENT);
    }

    @Test
    void positionalIoLeavesTheOffsetAlone() {
      long fd = open("data", O_RDWR | O_CREAT);
      put(BUFFER, "abcd");
      assertThat(call(68, fd, BUFFER, 4, 10)).as("pwrite64").isEqualTo(4);
      assertThat(call(62, fd, 0, 1)).as("offset still 0").isZero();
      assertThat(call(62, fd, 0, 2)).as("SEEK_END").isEqualTo(14);
      assertThat(call(67, fd, BUFFER + 0x100, 3, 11)).as("pread64").isEqualTo(3);
      assertThat(get(BUFFER + 0x100, 3)).isEqualTo("bcd");
      assertThat(call(62, fd, -20, 1)).as("before the start").isEqualTo(EINVAL);
      assertThat(call(67, 0, BUFFER, 1, 0)).as("pread on stdin").isEqualTo(ESPIPE);
    }

    @Test
    void aReadOnlyFileRefusesWritesAndAWriteOnlyOneReads() throws IOException {
      Files.writeString(root.resolve("ro"), "x");
      long readOnly = open("ro", O_RDONLY);
      long writeOnly = open("ro", O_WRONLY);
      assertThat(write(readOnly, "y")).isEqualTo(EBADF);
      assertThat(call(63, writeOnly, BUFFER, 1)).isEqualTo(EBADF);
    }

    @Test
    void fstatAndNewfstatatReportTypeAndSize() throws IOException {
      Files.writeString(root.resolve("five"), "12345");
      long fd = open("five", O_RDONLY);
      assertThat(call(80, fd, STAT)).isZero();
      assertThat(harness.memory.load32(STAT + 16) & 0xF000).as("S_IFREG").isEqualTo(0x8000);
      assertThat(harness.memory.load64(STAT + 48)).as("st_size").isEqualTo(5);
      assertThat(call(79, AT_FDCWD, path("/"), STAT, 0)).isZero();
      assertThat(harness.memory.load32(STAT + 16) & 0xF000).as("S_IFDIR").isEqualTo(0x4000);
      assertThat(call(79, AT_FDCWD, path("nothing"), STAT, 0)).isEqualTo(ENOENT);
    }
  }

  @Nested
  class RenamingTruncatingDuplicating {
    long rename(String from, String to, int flags) {
      put(BUFFER + 0x200, to + "\0");
      return call(276, AT_FDCWD, path(from), AT_FDCWD, BUFFER + 0x200, flags);
    }

    @Test
    void renameMovesReplacesAndRefuses() throws IOException {
      Files.writeString(root.resolve("a"), "A");
      Files.writeString(root.resolve("b"), "B");
      Files.createDirectories(root.resolve("d/e"));

      assertThat(rename("a", "b", 1)).as("RENAME_NOREPLACE").isEqualTo(EEXIST);
      assertThat(rename("a", "b", 0)).isZero();
      assertThat(Files.readString(root.resolve("b"))).isEqualTo("A");
      assertThat(root.resolve("a")).doesNotExist();
      assertThat(rename("b", "d", 0)).as("a file over a directory").isEqualTo(EISDIR);
      assertThat(rename("d", "b", 0)).as("a directory over a file").isEqualTo(ENOTDIR);
      assertThat(rename("d", "d/e/f", 0)).as("into itself").isEqualTo(EINVAL);
      assertThat(rename("b", "../../outside", 0)).as("stays inside").isZero();
      assertThat(root.resolve("outside")).hasContent("A");
      assertThat(rename("missing", "x", 0)).isEqualTo(ENOENT);
    }

    @Test
    void ftruncateCutsAndExtendsWithZeros() throws IOException {
      long fd = open("t", O_RDWR | O_CREAT);
      write(fd, "0123456789");

      assertThat(call(46, fd, 4)).isZero();
      assertThat(Files.readString(root.resolve("t"))).isEqualTo("0123");
      assertThat(call(46, fd, 6)).isZero();
      assertThat(Files.readAllBytes(root.resolve("t"))).containsExactly('0', '1', '2', '3', 0, 0);
      assertThat(call(46, open("t", O_RDONLY), 0)).as("not open for writing").isEqualTo(EINVAL);
    }

    @Test
    void aDuplicateSharesTheOffsetAndOutlivesTheOriginal() throws IOException {
      Files.writeString(root.resolve("shared"), "abcdef");
      long fd = open("shared", O_RDONLY);
      long copy = call(23, fd);
      assertThat(copy).isEqualTo(fd + 1);

      assertThat(read(fd, 2)).isEqualTo("ab");
      assertThat(read(copy, 2)).as("the same offset").isEqualTo("cd");
      call(57, fd);
      assertThat(read(copy, 2)).as("still open").isEqualTo("ef");

      assertThat(call(24, copy, 1, 0)).as("dup3 onto stdout").isEqualTo(1);
      call(62, 1, 0, 0);
      assertThat(read(1, 3)).isEqualTo("abc");
      assertThat(call(24, copy, copy, 0)).isEqualTo(EINVAL);
      assertThat(call(24, 99, 5, 0)).isEqualTo(EBADF);
    }

    @Test
    void faccessatSaysWhatExists() throws IOException {
      Files.writeString(root.resolve("here"), "");
      assertThat(call(48, AT_FDCWD, path("here"), 0)).isZero();
      assertThat(call(48, AT_FDCWD, path("here"), 6)).as("R_OK | W_OK").isZero();
      assertThat(call(48, AT_FDCWD, path("gone"), 0)).isEqualTo(ENOENT);
      assertThat(call(48, AT_FDCWD, path("../secret"), 0)).as("not the host's").isEqualTo(ENOENT);
    }
  }

  @Nested
  class Directories {
    @Test
    void mkdirOpenListAndRemove() throws IOException {
      assertThat(call(34, AT_FDCWD, path("d"), 0755)).isZero();
      assertThat(call(34, AT_FDCWD, path("d"), 0755)).isEqualTo(EEXIST);
      Files.writeString(root.resolve("d/b"), "");
      Files.writeString(root.resolve("d/a"), "");
      long dir = open("d", O_RDONLY | O_DIRECTORY);

      assertThat(names(dir)).containsExactly(".", "..", "a", "b");
      assertThat(call(61, dir, BUFFER, 0x1000)).as("at the end").isZero();
      assertThat(call(62, dir, 0, 0)).as("rewind").isZero();
      assertThat(names(dir)).hasSize(4);

      long relative = call(56, dir, path("a"), O_RDONLY, 0);
      assertThat(relative).as("openat relative to a directory fd").isPositive();
      assertThat(call(56, relative, path("a"), O_RDONLY, 0)).as("dirfd not a directory")
          .isEqualTo(ENOTDIR);
      assertThat(call(63, dir, BUFFER, 1)).isEqualTo(EISDIR);
      assertThat(open("d", O_WRONLY)).isEqualTo(EISDIR);
      assertThat(open("d/a", O_RDONLY | O_DIRECTORY)).isEqualTo(ENOTDIR);

      assertThat(call(35, AT_FDCWD, path("d"), 0x200)).isEqualTo(ENOTEMPTY);
      assertThat(call(35, AT_FDCWD, path("d"), 0)).as("unlink a directory").isEqualTo(EISDIR);
      assertThat(call(35, AT_FDCWD, path("d/a"), 0x200)).as("rmdir a file").isEqualTo(ENOTDIR);
      assertThat(call(35, AT_FDCWD, path("d/a"), 0)).isZero();
      assertThat(call(35, AT_FDCWD, path("d/b"), 0)).isZero();
      assertThat(call(35, AT_FDCWD, path("d"), 0x200)).isZero();
      assertThat(root.resolve("d")).doesNotExist();
    }

    @Test
    void aBufferTooSmallForOneEntryIsEinval() {
      long dir = open(".", O_RDONLY | O_DIRECTORY);
      assertThat(call(61, dir, BUFFER, 8)).isEqualTo(EINVAL);
    }

    List<String> names(long dir) {
      long n = call(61, dir, BUFFER, 0x1000);
      List<String> names = new ArrayList<>();
      for (long at = BUFFER; at < BUFFER + n; at += harness.memory.load16(at + 16)) {
        StringBuilder name = new StringBuilder();
        for (long c = at + 19; harness.memory.load8(c) != 0; c++) {
          name.append((char) harness.memory.load8(c));
        }
        names.add(name.toString());
      }
      return names;
    }
  }

  @Nested
  class Confinement {
    @Test
    void dotDotStopsAtTheRoot() throws IOException {
      assertThat(open("../secret", O_RDONLY)).isEqualTo(ENOENT);
      assertThat(open("../../../../secret", O_RDONLY)).isEqualTo(ENOENT);
      Files.writeString(root.resolve("secret"), "guest's own");
      long fd = open("../../secret", O_RDONLY);
      assertThat(read(fd, 100)).as("the root's own file, not the host's").isEqualTo("guest's own");
    }

    @Test
    void absolutePathsStartAtTheRoot() throws IOException {
      assertThat(open(outside.resolve("secret").toString(), O_RDONLY)).isEqualTo(ENOENT);
      assertThat(call(34, AT_FDCWD, path("/made"), 0755)).isZero();
      assertThat(root.resolve("made")).isDirectory();
      assertThat(open("/etc/passwd", O_RDONLY)).isEqualTo(ENOENT);
    }

    @Test
    void anAbsoluteSymlinkIsResolvedInsideTheRoot() throws IOException {
      Files.createSymbolicLink(root.resolve("link"), outside.resolve("secret"));
      assertThat(open("link", O_RDONLY)).isEqualTo(ENOENT);
      assertThat(open("link", O_WRONLY | O_CREAT)).as("nor created through it")
          .isEqualTo(ENOENT);
    }

    @Test
    void aRelativeSymlinkUpwardsStopsAtTheRoot() throws IOException {
      Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
      Files.createSymbolicLink(root.resolve("escape"), Path.of("../secret"));
      assertThat(open("up/secret", O_RDONLY)).isEqualTo(ENOENT);
      assertThat(open("escape", O_RDONLY)).isEqualTo(ENOENT);
      assertThat(call(35, AT_FDCWD, path("up/secret"), 0)).as("unlink through it")
          .isEqualTo(ENOENT);
      Files.writeString(root.resolve("inside"), "in");
      assertThat(read(open("up/inside", O_RDONLY), 10)).as("up is the root").isEqualTo("in");
      Files.delete(root.resolve("up")); // or JUnit warns of a link to outside its directory
    }

    @Test
    void aSymlinkedDirectoryOutsideIsNotEntered() throws IOException {
      Files.createSymbolicLink(root.resolve("out"), outside);
      assertThat(open("out/secret", O_RDONLY)).isEqualTo(ENOENT);
      assertThat(call(34, AT_FDCWD, path("out/new"), 0755)).isEqualTo(ENOENT);
    }

    @Test
    void linksInsideTheRootWorkAndLoopsAreEloop() throws IOException {
      Files.writeString(root.resolve("target"), "t");
      Files.createSymbolicLink(root.resolve("alias"), Path.of("target"));
      Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
      assertThat(read(open("alias", O_RDONLY), 10)).isEqualTo("t");
      assertThat(open("alias", O_RDONLY | O_NOFOLLOW)).isEqualTo(ELOOP);
      assertThat(open("loop", O_RDONLY)).isEqualTo(ELOOP);
      assertThat(call(78, AT_FDCWD, path("alias"), BUFFER, 100)).as("readlinkat").isEqualTo(6);
      assertThat(get(BUFFER, 6)).isEqualTo("target");
      assertThat(call(78, AT_FDCWD, path("target"), BUFFER, 100)).as("not a link")
          .isEqualTo(EINVAL);
      assertThat(call(35, AT_FDCWD, path("alias"), 0)).as("unlink removes the link").isZero();
      assertThat(root.resolve("target")).exists();
    }
  }

  @Nested
  class WorkingDirectory {
    String getcwd() {
      long n = call(17, BUFFER, 100);
      assertThat(n).as("getcwd").isPositive();
      return get(BUFFER, n - 1);
    }

    @Test
    void startsAtTheRootAndRelativePathsFollowIt() throws IOException {
      assertThat(getcwd()).isEqualTo("/");
      Files.createDirectories(root.resolve("d/e"));
      Files.writeString(root.resolve("d/e/f"), "deep");

      assertThat(call(49, path("d/e"))).isZero();

      assertThat(getcwd()).isEqualTo("/d/e");
      assertThat(read(open("f", O_RDONLY), 10)).isEqualTo("deep");
      assertThat(call(79, AT_FDCWD, path(""), STAT, 0x1000)).as("AT_EMPTY_PATH").isZero();
      assertThat(harness.memory.load32(STAT + 16) & 0xF000).as("S_IFDIR").isEqualTo(0x4000);
    }

    @Test
    void dotDotFromTheWorkingDirectoryStillStopsAtTheRoot() {
      call(34, AT_FDCWD, path("d"), 0755);
      call(49, path("d"));

      assertThat(call(49, path("../../../.."))).isZero();

      assertThat(getcwd()).isEqualTo("/");
      assertThat(open("secret", O_RDONLY)).isEqualTo(ENOENT);
    }

    @Test
    void fchdirMovesToAnOpenDirectoryAndAFileIsNoDirectory() throws IOException {
      Files.createDirectories(root.resolve("x"));
      Files.writeString(root.resolve("file"), "");
      long dir = open("x", O_RDONLY | O_DIRECTORY);

      assertThat(call(50, dir)).isZero();
      assertThat(getcwd()).isEqualTo("/x");
      assertThat(call(49, path("/file"))).isEqualTo(ENOTDIR);
      assertThat(call(49, path("/none"))).isEqualTo(ENOENT);
      assertThat(call(50, open("/file", O_RDONLY))).isEqualTo(ENOTDIR);
      assertThat(call(17, BUFFER, 2)).as("too small for \"/x\" and its NUL").isEqualTo(-34);
    }
  }

  @Nested
  class StandardStreams {
    @Test
    void stdinReadsTheHostStreamToItsEnd() {
      assertThat(read(0, 5)).isEqualTo("line ");
      assertThat(read(0, 100)).isEqualTo("one\nline two\n");
      assertThat(read(0, 100)).isEmpty();
    }

    @Test
    void onlyTheStreamTheHostCalledATerminalAnswersTcgets() {
      assertThat(call(29, 1, 0x5401, BUFFER)).isZero();
      assertThat(harness.memory.load32(BUFFER + 12) & 2).as("ICANON").isEqualTo(2);
      assertThat(call(29, 0, 0x5401, BUFFER)).isEqualTo(ENOTTY);
      assertThat(call(29, 2, 0x5401, BUFFER)).isEqualTo(ENOTTY);
      assertThat(call(80, 1, STAT)).isZero();
      assertThat(harness.memory.load32(STAT + 16) & 0xF000).as("S_IFCHR").isEqualTo(0x2000);
    }

    @Test
    void writesToStdoutReachTheHost() {
      write(1, "out");
      assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("out");
      assertThat(write(0, "in")).as("stdin is read-only").isEqualTo(EBADF);
    }
  }

  @Nested
  class BadArguments {
    @Test
    void badPointersAreEfault() {
      assertThat(call(56, AT_FDCWD, 0xDEAD_0000L, O_RDONLY, 0)).isEqualTo(EFAULT);
      long fd = open("f", O_RDWR | O_CREAT);
      write(fd, "data");
      call(62, fd, 0, 0);
      assertThat(call(63, fd, 0xDEAD_0000L, 4)).isEqualTo(EFAULT);
      assertThat(call(80, fd, 0xDEAD_0000L)).isEqualTo(EFAULT);
      assertThat(call(64, fd, 0xDEAD_0000L, 4)).isEqualTo(EFAULT);
    }

    @Test
    void badDescriptorsAreEbadf() {
      for (long fd : new long[] {-1, 3, 99, 1 << 20}) {
        assertThat(call(63, fd, BUFFER, 1)).as("read %d", fd).isEqualTo(EBADF);
        assertThat(call(80, fd, STAT)).as("fstat %d", fd).isEqualTo(EBADF);
        assertThat(call(57, fd)).as("close %d", fd).isEqualTo(EBADF);
      }
    }

    @Test
    void anInvalidAccessModeOrNegativeCountIsEinval() {
      assertThat(open("x", 3)).isEqualTo(EINVAL);
      assertThat(call(63, 0, BUFFER, -1)).isEqualTo(EINVAL);
    }
  }
}

package dev.vmm.cli;

import static dev.vmm.cli.VmmMainTest.vmm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.cli.VmmMainTest.Outcome;
import com.sun.net.httpserver.HttpServer;
import dev.vmm.update.VmmService;
import java.io.ByteArrayOutputStream;
import java.lang.classfile.ClassFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmm update status|apply|rollback} against a store in a temporary directory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UpdateApplyCommandsTest {
  @TempDir Path dir;
  Path store;
  Path inbox;

  @BeforeEach
  void keysAndAPackage() throws Exception {
    store = dir.resolve("store");
    inbox = Files.createDirectories(dir.resolve("inbox"));
    assertThat(vmm("keys", "generate", "--private", dir.resolve("k.key").toString(),
        "--public", dir.resolve("k.pub").toString()).exitCode()).isZero();
    Path extension = Files.writeString(dir.resolve("updater.jar"), "the updater, 1.0.1");
    Outcome pack = vmm("update", "pack", "--key", dir.resolve("k.key").toString(), "--vmm-version", "1.2.0",
        "--vmm-payload", payload().toString(), "--extension", "updater=1.0.1:" + extension,
        "-o", inbox.resolve("update-1.2.0.vmmpkg").toString());
    assertThat(pack.exitCode()).as(pack.err()).isZero();
  }

  /** A VMM payload: a zip holding one jar with one VmmService, written with java.lang.classfile. */
  Path payload() throws Exception {
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    manifest.getMainAttributes().putValue("Automatic-Module-Name", "cli.test.identity");
    String className = "cli.test.identity.IdentityService";
    try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
      out.putNextEntry(new ZipEntry(className.replace('.', '/') + ".class"));
      out.write(serviceClass(className));
      out.putNextEntry(new ZipEntry("META-INF/services/" + VmmService.class.getName()));
      out.write(className.getBytes(StandardCharsets.UTF_8));
    }
    Path zip = dir.resolve("vmm.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("noop.jar"));
      out.write(jar.toByteArray());
    }
    return zip;
  }

  private static byte[] serviceClass(String className) {
    return ClassFile.of().build(ClassDesc.of(className), type -> {
      type.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
      type.withInterfaceSymbols(ClassDesc.of(VmmService.class.getName()));
      type.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void), ClassFile.ACC_PUBLIC,
          code -> code.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
              MethodTypeDesc.of(ConstantDescs.CD_void)).return_());
      type.withMethodBody("name", MethodTypeDesc.of(ConstantDescs.CD_String), ClassFile.ACC_PUBLIC,
          code -> code.ldc("identity").areturn());
      type.withMethodBody("call", MethodTypeDesc.of(ConstantDescs.CD_long, ConstantDescs.CD_long,
          ConstantDescs.CD_long, ConstantDescs.CD_long, ConstantDescs.CD_long), ClassFile.ACC_PUBLIC,
          code -> code.lload(1).lreturn());
    });
  }

  Outcome update(String command, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "update";
    args[1] = command;
    args[2] = "--store";
    args[3] = store.toString();
    args[4] = "--trust=" + dir.resolve("k.pub");
    System.arraycopy(more, 0, args, 5, more.length);
    return vmm(args);
  }

  @Nested
  class Status {
    @Test
    void aFreshStoreRunsTheFactoryVersionWithNothingStaged() {
      Outcome outcome = update("status");

      assertThat(outcome.exitCode()).as(outcome.err()).isZero();
      assertThat(outcome.out()).contains("active:   VMM 0.1.0 (factory)", "previous: none", "staged:   nothing");
    }
  }

  @Nested
  class ApplyAndRollback {
    @Test
    void applyFromADirectoryCommitsWithPlainProgressLinesAndRollbackReturnsToTheFactoryVersion() {
      Outcome applied = update("apply", "--from-dir", inbox.toString());

      assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
      assertThat(applied.out()).contains("updater: transferring", "updater: committed: VMM 1.2.0 is active",
          "active:   VMM 1.2.0 (package ").doesNotContain("\r");
      assertThat(dir.resolve("store/guest-updater/extensions/updater/version")).hasContent("1.0.1");
      assertThat(update("status").out()).contains("active:   VMM 1.2.0", "previous: the factory version");

      Outcome rolledBack = update("rollback");
      assertThat(rolledBack.exitCode()).isZero();
      assertThat(rolledBack.out()).contains("rolled back", "active:   VMM 0.1.0 (factory)");
      Outcome again = update("rollback");
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).contains("no previous version");
    }

    @Test
    void applyFromAUrlDownloadsThePackageInTheGuestAndCommits() throws Exception {
      byte[] pkg = Files.readAllBytes(inbox.resolve("update-1.2.0.vmmpkg"));
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/u.vmmpkg", exchange -> {
        try (exchange) {
          exchange.sendResponseHeaders(200, pkg.length);
          exchange.getResponseBody().write(pkg);
        }
      });
      server.start();
      try {
        Outcome applied = update("apply", "--from-url",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/u.vmmpkg");

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("updater: downloading", "updater: committed: VMM 1.2.0 is active");
      } finally {
        server.stop(0);
      }
    }

    @Test
    void applyNeedsExactlyOneSource() {
      Outcome outcome = update("apply");

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("--from-dir", "--from-url");
    }
  }
}

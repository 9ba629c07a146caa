package dev.vmm.update;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds VMM payloads at test time: a zip holding one jar whose class, written with
 * {@code java.lang.classfile}, is a {@link VmmService} named "echo" whose {@code call} returns
 * {@code marker + a0}. So no binary jar is committed, and each version's code is really different.
 */
final class ServiceJars {
  static final String SERVICE = "echo";
  private static final int PADDING_LENGTH = 8192;
  private static final ClassDesc VMM_SERVICE = ClassDesc.of(VmmService.class.getName());
  private static final ClassDesc ILLEGAL_STATE = ClassDesc.of(IllegalStateException.class.getName());

  private ServiceJars() {}

  /** The marker a version's echo service adds: 1.2.3 gives 10203000. */
  static long marker(UpdateVersion version) {
    return (version.major() * 10_000L + version.minor() * 100L + version.patch()) * 1000;
  }

  static byte[] payload(UpdateVersion version, boolean healthy) {
    String tag = version.major() + "_" + version.minor() + "_" + version.patch();
    String className = "test.echo.v" + tag + ".EchoService";
    byte[] jar = jar("test.echo.v" + tag, className, serviceClass(className, marker(version), healthy));
    return zip("echo-" + tag + ".jar", jar);
  }

  static Path payloadFile(Path dir, UpdateVersion version, boolean healthy) {
    try {
      return Files.write(dir.resolve("vmm-" + version + (healthy ? "" : "-unhealthy") + ".zip"),
          payload(version, healthy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] serviceClass(String className, long marker, boolean healthy) {
    return ClassFile.of().build(ClassDesc.of(className), type -> {
      type.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
      type.withInterfaceSymbols(VMM_SERVICE);
      type.withMethodBody(INIT_NAME, MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> code
          .aload(0).invokespecial(CD_Object, INIT_NAME, MethodTypeDesc.of(CD_void)).return_());
      type.withMethodBody("name", MethodTypeDesc.of(CD_String), ClassFile.ACC_PUBLIC, code -> code
          .ldc(SERVICE).areturn());
      type.withMethodBody("call", MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_long),
          ClassFile.ACC_PUBLIC, code -> code.lload(1).ldc(marker).ladd().lreturn());
      if (!healthy) {
        type.withMethodBody("checkHealth", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> code
            .new_(ILLEGAL_STATE).dup().ldc("echo is broken on purpose")
            .invokespecial(ILLEGAL_STATE, INIT_NAME, MethodTypeDesc.of(CD_void, CD_String)).athrow());
      }
    });
  }

  private static byte[] jar(String moduleName, String className, byte[] classBytes) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), moduleName);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      out.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
      out.write(classBytes);
      out.putNextEntry(new JarEntry("META-INF/services/" + VmmService.class.getName()));
      out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new JarEntry("padding.bin"));
      out.write(padding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Incompressible bytes, so a payload is long enough to send in several chunks. */
  private static byte[] padding() {
    byte[] bytes = new byte[PADDING_LENGTH];
    new SplittableRandom(PADDING_LENGTH).nextBytes(bytes);
    return bytes;
  }

  static byte[] zip(String entryName, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(entryName));
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}

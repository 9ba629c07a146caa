package dev.vmm.bench.update;

import dev.vmm.update.VmmService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A VMM payload of one jar with one {@link VmmService} ("echo"), a distinct class per version. */
final class ServicePayload {
  private ServicePayload() {}

  static byte[] zip(int version) {
    String className = "bench.echo.v" + version + ".EchoService";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), "bench.echo.v" + version);
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
      out.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
      out.write(serviceClass(className, version));
      out.putNextEntry(new JarEntry("META-INF/services/" + VmmService.class.getName()));
      out.write(className.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      out.putNextEntry(new ZipEntry("echo-" + version + ".jar"));
      out.write(jar.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return zip.toByteArray();
  }

  private static byte[] serviceClass(String className, long marker) {
    return ClassFile.of().build(ClassDesc.of(className), type -> {
      type.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
      type.withInterfaceSymbols(ClassDesc.of(VmmService.class.getName()));
      type.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void), ClassFile.ACC_PUBLIC,
          code -> code.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
              MethodTypeDesc.of(ConstantDescs.CD_void)).return_());
      type.withMethodBody("name", MethodTypeDesc.of(ConstantDescs.CD_String), ClassFile.ACC_PUBLIC,
          code -> code.ldc("echo").areturn());
      type.withMethodBody("call", MethodTypeDesc.of(ConstantDescs.CD_long, ConstantDescs.CD_long,
          ConstantDescs.CD_long, ConstantDescs.CD_long, ConstantDescs.CD_long), ClassFile.ACC_PUBLIC,
          code -> code.lload(1).ldc(marker).ladd().lreturn());
    });
  }
}

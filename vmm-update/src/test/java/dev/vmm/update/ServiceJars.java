package dev.vmm.update;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;

import dev.vmm.core.GuestObject;
import dev.vmm.core.Hypercall;
import dev.vmm.core.HypercallContext;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import dev.vmm.core.VmmKinds;
import dev.vmm.handles.HandleKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds VMM payloads at test time: a zip holding one jar whose classes, written with
 * {@code java.lang.classfile}, are a {@link VmmService} named "echo" whose {@code call} returns
 * {@code marker + a0}, or a vmm-core {@link HypercallService} registering calls of the
 * {@link CallKind}s asked for. So no binary jar is committed, and each version's code is really
 * different.
 */
final class ServiceJars {
  static final String SERVICE = "echo";
  private static final int PADDING_LENGTH = 8192;
  private static final ClassDesc VMM_SERVICE = ClassDesc.of(VmmService.class.getName());
  private static final ClassDesc ILLEGAL_STATE = ClassDesc.of(IllegalStateException.class.getName());
  private static final ClassDesc HYPERCALL_SERVICE = ClassDesc.of(HypercallService.class.getName());
  private static final ClassDesc REGISTRAR = ClassDesc.of(HypercallRegistrar.class.getName());
  private static final ClassDesc HYPERCALL = ClassDesc.of(Hypercall.class.getName());
  private static final ClassDesc CONTEXT = ClassDesc.of(HypercallContext.class.getName());
  private static final ClassDesc HANDLE_KIND = ClassDesc.of(HandleKind.class.getName());
  private static final ClassDesc GUEST_OBJECT = ClassDesc.of(GuestObject.class.getName());
  private static final ClassDesc VMM_KINDS = ClassDesc.of(VmmKinds.class.getName());
  private static final MethodTypeDesc CALL = MethodTypeDesc.of(CD_long, CONTEXT, CD_long, CD_long, CD_long, CD_long,
      CD_long, CD_long);
  /** Local slots of {@code Hypercall.call}'s arguments: this, context, then a0.. two slots each. */
  private static final int CONTEXT_SLOT = 1;
  private static final int A0_SLOT = 2;
  private static final int A1_SLOT = 4;

  /** What a generated hypercall does; each answers with its version's marker added in. */
  enum CallKind {
    /** {@code marker + a0}. */
    ECHO,
    /** Reads {@code a1} bytes of guest memory at {@code a0} through the context: {@code marker + a1}. */
    READ,
    /** Resolves {@code a0} as a channel handle of the caller through the context: {@code marker}. */
    CHANNEL
  }

  /** One registration the generated hypercall service makes. */
  record Registration(long number, CallKind kind) {}

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
      publicNoArgClass(type, VMM_SERVICE);
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

  /**
   * A payload whose jar provides only a hypercall service that makes these registrations, in
   * order (the same number twice, or one outside the updatable block, if asked).
   */
  static byte[] hypercallPayload(UpdateVersion version, List<Registration> registrations) {
    String tag = version.major() + "_" + version.minor() + "_" + version.patch();
    String pkg = "test.hypercalls.v" + tag;
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (CallKind kind : CallKind.values()) {
      classes.put(pkg + "." + callClassName(kind), callClass(pkg + "." + callClassName(kind), kind, marker(version)));
    }
    String serviceName = pkg + ".Hypercalls";
    classes.put(serviceName, hypercallServiceClass(serviceName, pkg, "hypercalls-" + tag, registrations));
    return zip("hypercalls-" + tag + ".jar", jar(pkg, classes, HypercallService.class, serviceName));
  }

  private static String callClassName(CallKind kind) {
    return kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT) + "Call";
  }

  private static byte[] hypercallServiceClass(String className, String pkg, String name,
      List<Registration> registrations) {
    return ClassFile.of().build(ClassDesc.of(className), type -> {
      publicNoArgClass(type, HYPERCALL_SERVICE);
      type.withMethodBody("name", MethodTypeDesc.of(CD_String), ClassFile.ACC_PUBLIC, code -> code
          .ldc(name).areturn());
      type.withMethodBody("register", MethodTypeDesc.of(CD_void, REGISTRAR), ClassFile.ACC_PUBLIC, code -> {
        for (Registration registration : registrations) {
          ClassDesc call = ClassDesc.of(pkg + "." + callClassName(registration.kind()));
          code.aload(1).ldc(registration.number()).ldc(registration.kind().name().toLowerCase(Locale.ROOT))
              .new_(call).dup().invokespecial(call, INIT_NAME, MethodTypeDesc.of(CD_void))
              .invokeinterface(REGISTRAR, "register", MethodTypeDesc.of(CD_void, CD_long, CD_String, HYPERCALL));
        }
        code.return_();
      });
    });
  }

  private static byte[] callClass(String className, CallKind kind, long marker) {
    return ClassFile.of().build(ClassDesc.of(className), type -> {
      publicNoArgClass(type, HYPERCALL);
      type.withMethodBody("call", CALL, ClassFile.ACC_PUBLIC, code -> {
        switch (kind) {
          case ECHO -> code.lload(A0_SLOT).ldc(marker).ladd().lreturn();
          case READ -> code.aload(CONTEXT_SLOT).lload(A0_SLOT).lload(A1_SLOT)
              .invokeinterface(CONTEXT, "read", MethodTypeDesc.of(CD_byte.arrayType(), CD_long, CD_long))
              .arraylength().i2l().ldc(marker).ladd().lreturn();
          case CHANNEL -> code.aload(CONTEXT_SLOT).getstatic(VMM_KINDS, "CHANNEL", HANDLE_KIND).lload(A0_SLOT)
              .invokeinterface(CONTEXT, "resolve", MethodTypeDesc.of(GUEST_OBJECT, HANDLE_KIND, CD_long))
              .pop().ldc(marker).lreturn();
        }
      });
    });
  }

  private static void publicNoArgClass(ClassBuilder type, ClassDesc implemented) {
    type.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
    type.withInterfaceSymbols(implemented);
    type.withMethodBody(INIT_NAME, MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> code
        .aload(0).invokespecial(CD_Object, INIT_NAME, MethodTypeDesc.of(CD_void)).return_());
  }

  private static byte[] jar(String moduleName, String className, byte[] classBytes) {
    return jar(moduleName, Map.of(className, classBytes), VmmService.class, className);
  }

  private static byte[] jar(String moduleName, Map<String, byte[]> classes, Class<?> service, String provider) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), moduleName);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey().replace('.', '/') + ".class"));
        out.write(entry.getValue());
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
      out.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
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

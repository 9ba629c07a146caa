package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two registrations of the shipped modules agree: module-info's {@code provides} (module path)
 * and META-INF/services (class path: child-JVM guests, shaded jars). Tests run on the class path,
 * so this is what keeps the module path honest.
 */
class ModuleDescriptorTest {
  /** The main classes directory: the class path also holds the tests' own services file. */
  static Path mainClasses() throws URISyntaxException {
    return Path.of(Interceptor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
    try (InputStream in = Files.newInputStream(mainClasses().resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  static List<String> servicesFile() throws IOException, URISyntaxException {
    return Files.readAllLines(mainClasses().resolve(
        "META-INF/services/dev.vmm.core.GuestModuleProvider")).stream()
        .map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  @Test
  void providesTheSameModulesAsTheServicesFile() throws Exception {
    List<String> provided = descriptor().provides().stream()
        .filter(p -> p.service().equals(dev.vmm.core.GuestModuleProvider.class.getName()))
        .flatMap(p -> p.providers().stream()).toList();

    assertThat(provided).containsExactlyInAnyOrderElementsOf(servicesFile());
  }

  @Test
  void exportsOnlyTheApiAndItsDaggerWiringAndUsesTheProviderService() throws Exception {
    ModuleDescriptor descriptor = descriptor();

    assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder("dev.vmm.intercept", "dev.vmm.intercept.dagger");
    assertThat(descriptor.uses())
        .containsExactly(dev.vmm.core.GuestModuleProvider.class.getName());
  }
}

package dev.vmm.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code vmm --version}: the version Maven stamped into the jar, and the JVM running it. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "vmm " + vmmVersion(),
      "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }

  static String vmmVersion() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/vmm/cli/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the vmm-cli jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vmm's version", e);
    }
  }
}

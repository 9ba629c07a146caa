package dev.vmm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-ins compiled by the test, as a plug-in author ships them: a module whose module-info
 * {@code provides} them, and a plain jar with {@code META-INF/services}. Each extension proves it
 * runs inside its guest by writing a greeting through a channel the host opened; one also has its
 * guest kernel make a guest module of another provider.
 */
class PluginDiscoveryTest {
  @TempDir Path dir;

  private static final String GREETER = """
      package %1$s;

      import dev.vmm.core.GuestChannel;
      import dev.vmm.core.GuestExtension;
      import dev.vmm.core.GuestExtensionContext;
      import java.nio.charset.StandardCharsets;

      public final class Greeter implements GuestExtension {
        private GuestChannel channel;

        @Override
        public String name() {
          return "%2$s";
        }

        @Override
        public void start(GuestExtensionContext context) {
          channel = context.openChannel("greetings", 64);
          byte[] text = ("hello from " + name() + " in " + context.guest().name())
              .getBytes(StandardCharsets.UTF_8);
          channel.write(text, 0, text.length);
          channel.shutdownOutput();
        }

        @Override
        public void stop() {
          channel.close();
        }
      }
      """;

  @Nested
  class ThroughModuleInfo {
    @Test
    void aModuleLayersProvidersAreFoundAndRunInTheirGuest() throws Exception {
      Path src = dir.resolve("src");
      write(src.resolve("module-info.java"), """
          module plugin.mod {
            requires dev.vmm.core;
            provides dev.vmm.core.GuestExtension with plugin.mod.Greeter;
          }
          """);
      write(src.resolve("plugin/mod/Greeter.java"), GREETER.formatted("plugin.mod", "modular"));
      Path classes = compile(src, List.of("--module-path", modulePath()));

      ModuleLayer boot = ModuleLayer.boot();
      Configuration configuration = boot.configuration()
          .resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("plugin.mod"));
      ModuleLayer layer = boot.defineModulesWithOneLoader(
          configuration, ClassLoader.getSystemClassLoader());

      try (Vmm vmm = Vmm.builder().pluginLayer(layer).build()) {
        Guest guest = vmm.create(Guests.config("modular-guest")
            .extensions("modular").build());
        assertThat(greeting(vmm, guest)).isEqualTo("hello from modular in modular-guest");
        assertThat(guest.extensions()).extracting(GuestExtension::name).containsExactly("modular");
        assertThat(vmm.guests()).singleElement()
            .satisfies(info -> assertThat(info.extensions()).containsExactly("modular"));
      }
    }
  }

  @Nested
  class ThroughMetaInfServices {
    @Test
    void aClassPathProviderIsFoundAndRunsInItsGuest() throws Exception {
      Path src = dir.resolve("cp-src");
      write(src.resolve("plugin/cp/Greeter.java"), GREETER.formatted("plugin.cp", "classic"));
      Path classes = compile(src,
          List.of("--module-path", modulePath(), "--add-modules", "dev.vmm.core"));
      write(classes.resolve("META-INF/services/dev.vmm.core.GuestExtension"),
          "plugin.cp.Greeter\n");

      try (URLClassLoader loader = new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
          Vmm vmm = Vmm.builder().pluginLoader(loader).build()) {
        Guest guest = vmm.create(Guests.config("classic-guest").extensions("classic").build());
        assertThat(greeting(vmm, guest)).isEqualTo("hello from classic in classic-guest");
      }
    }
  }

  @Nested
  class GuestModules {
    @Test
    void theGuestKernelMakesAModuleByTypeAndNameForItsExtension() throws Exception {
      Path src = dir.resolve("module-src");
      write(src.resolve("plugin/shout/Shout.java"), """
          package plugin.shout;

          import dev.vmm.core.GuestModuleProvider;
          import java.util.Map;
          import java.util.function.UnaryOperator;

          public final class Shout implements GuestModuleProvider {
            @Override
            public String name() {
              return "shout";
            }

            @Override
            public Class<?> moduleType() {
              return UnaryOperator.class;
            }

            @Override
            public Object create(Map<String, String> options) {
              String end = options.getOrDefault("end", "!");
              return (UnaryOperator<String>) text -> text.toUpperCase() + end;
            }
          }
          """);
      write(src.resolve("plugin/shout/Feeder.java"), """
          package plugin.shout;

          import dev.vmm.core.GuestChannel;
          import dev.vmm.core.GuestExtension;
          import dev.vmm.core.GuestExtensionContext;
          import java.nio.charset.StandardCharsets;
          import java.util.Map;
          import java.util.function.UnaryOperator;

          public final class Feeder implements GuestExtension {
            private GuestChannel channel;

            @Override
            public String name() {
              return "feeder";
            }

            @Override
            @SuppressWarnings("unchecked")
            public void start(GuestExtensionContext context) {
              UnaryOperator<String> module =
                  context.module(UnaryOperator.class, "shout", Map.of("end", "!!"));
              String refused;
              try {
                context.module(UnaryOperator.class, "whisper", Map.of());
                refused = "no refusal";
              } catch (IllegalArgumentException e) {
                refused = e.getMessage();
              }
              channel = context.openChannel("greetings", 256);
              byte[] text = (module.apply("hello from " + context.guest().name()) + "|" + refused)
                  .getBytes(StandardCharsets.UTF_8);
              channel.write(text, 0, text.length);
              channel.shutdownOutput();
            }

            @Override
            public void stop() {
              channel.close();
            }
          }
          """);
      Path classes = compile(src,
          List.of("--module-path", modulePath(), "--add-modules", "dev.vmm.core"));
      write(classes.resolve("META-INF/services/dev.vmm.core.GuestExtension"),
          "plugin.shout.Feeder\n");
      write(classes.resolve("META-INF/services/dev.vmm.core.GuestModuleProvider"),
          "plugin.shout.Shout\n");

      try (URLClassLoader loader = new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
          Vmm vmm = Vmm.builder().pluginLoader(loader).build()) {
        Guest guest = vmm.create(Guests.config("loud-guest").extensions("feeder").build());

        assertThat(greeting(vmm, guest)).isEqualTo("HELLO FROM LOUD-GUEST!!|no guest module"
            + " named 'whisper' makes java.util.function.UnaryOperator; on offer: [shout]");
      }
    }
  }

  @Nested
  class GuestChannels {
    @Test
    void anExtensionEchoesWhatTheHostSendsWaitingWithFuturesNotSpinning() throws Exception {
      Path src = dir.resolve("echo-src");
      write(src.resolve("plugin/echo/Echo.java"), """
          package plugin.echo;

          import dev.vmm.core.GuestChannel;
          import dev.vmm.core.GuestExtension;
          import dev.vmm.core.GuestExtensionContext;

          public final class Echo implements GuestExtension {
            private Thread worker;

            @Override
            public String name() {
              return "echo";
            }

            @Override
            public void start(GuestExtensionContext context) {
              GuestChannel channel = context.openChannel("echo", 100);
              worker = Thread.ofPlatform().name("echo").start(() -> {
                byte[] buffer = new byte[100];
                try (channel) {
                  while (true) {
                    long n = channel.read(buffer, 0, buffer.length);
                    if (n == 0) {
                      channel.shutdownOutput();
                      return;
                    }
                    if (n < 0) {
                      channel.readable().join();
                      continue;
                    }
                    int done = 0;
                    while (done < n) {
                      long written = channel.write(buffer, done, (int) n - done);
                      if (written > 0) {
                        done += (int) written;
                      } else {
                        channel.writable().join();
                      }
                    }
                  }
                }
              });
            }

            @Override
            public void stop() {
              try {
                worker.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
          """);
      Path classes = compile(src,
          List.of("--module-path", modulePath(), "--add-modules", "dev.vmm.core"));
      write(classes.resolve("META-INF/services/dev.vmm.core.GuestExtension"), "plugin.echo.Echo\n");

      byte[] message = new byte[100_000];
      new java.util.SplittableRandom(5).nextBytes(message);
      try (URLClassLoader loader = new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
          Vmm vmm = Vmm.builder().pluginLoader(loader).build()) {
        Guest guest = vmm.create(Guests.config("echo-guest").extensions("echo").build());
        HostChannel channel = vmm.openChannel(guest, "echo", 256);
        vmm.start(guest);
        java.util.concurrent.CompletableFuture<byte[]> echoed =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> {
              java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
              byte[] into = new byte[512];
              try {
                int n;
                while ((n = channel.read(into, 0, into.length, Guests.WAIT)) != -1) {
                  got.write(into, 0, n);
                }
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              return got.toByteArray();
            });
        assertThat(channel.write(message, 0, message.length, Guests.WAIT)).isTrue();
        channel.shutdownOutput();

        assertThat(echoed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(message);
        vmm.stop(guest);
        assertThat(vmm.hypercalls().internalErrors()).isZero();
      }
    }
  }

  @Nested
  class FailingPlugins {
    @Test
    void anExtensionThatCannotStartStopsOnlyItsGuest() throws Exception {
      Path src = dir.resolve("bad-src");
      write(src.resolve("plugin/bad/Failing.java"), """
          package plugin.bad;

          public final class Failing implements dev.vmm.core.GuestExtension {
            @Override
            public String name() {
              return "failing";
            }

            @Override
            public void start(dev.vmm.core.GuestExtensionContext context) {
              throw new IllegalStateException("no configuration for " + context.guest().name());
            }

            @Override
            public void stop() {}
          }
          """);
      Path classes = compile(src,
          List.of("--module-path", modulePath(), "--add-modules", "dev.vmm.core"));
      write(classes.resolve("META-INF/services/dev.vmm.core.GuestExtension"), "plugin.bad.Failing\n");

      try (URLClassLoader loader = new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
          Vmm vmm = Vmm.builder().pluginLoader(loader).build()) {
        Guest broken = vmm.create(Guests.config("broken").extensions("failing").build());
        Guest healthy = vmm.create(Guests.config("healthy")
            .program(Guests.program(Rv.exit(0))).build());
        vmm.start(broken);
        vmm.start(healthy);

        assertThat(broken.state()).isEqualTo(GuestState.STOPPED);
        assertThat(broken.exit()).get().isInstanceOfSatisfying(GuestExit.KernelFailed.class,
            failed -> assertThat(failed.cause()).hasMessage("no configuration for broken"));
        assertThat(healthy.awaitExit(Guests.WAIT)).contains(new GuestExit.Exited(0));
      }
    }
  }

  @Nested
  class UnknownNames {
    @Test
    void aGuestNamingAnExtensionNobodyProvidesIsRefusedWithTheChoices() {
      try (Vmm vmm = Vmm.builder().build()) {
        assertThatThrownBy(() -> vmm.create(Guests.config("lost").extensions("nowhere").build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'nowhere'").hasMessageContaining("on offer");
        assertThat(vmm.guests()).isEmpty();
      }
    }
  }

  /** Opens the channel, starts the guest (and so its extension), reads what it wrote. */
  private static String greeting(Vmm vmm, Guest guest) throws InterruptedException {
    HostChannel channel = vmm.openChannel(guest, "greetings", 256);
    vmm.start(guest);
    byte[] into = new byte[256];
    int total = 0;
    int n;
    while ((n = channel.read(into, total, into.length - total, Guests.WAIT)) > 0) {
      total += n;
    }
    assertThat(n).as("end of stream after the greeting").isEqualTo(-1);
    vmm.stop(guest);
    return new String(into, 0, total, StandardCharsets.UTF_8);
  }

  private static String modulePath() {
    String path = System.getProperty("jdk.module.path");
    assertThat(path).as("tests run on the module path").isNotBlank();
    assertThat(Vmm.class.getModule().isNamed()).as("dev.vmm.core is a named module").isTrue();
    return path;
  }

  private Path compile(Path src, List<String> options) throws IOException {
    Path classes = Files.createDirectories(src.resolveSibling(src.getFileName() + "-classes"));
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("-d", classes.toString()));
    try (var files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    ToolProvider javac = ToolProvider.findFirst("javac")
        .orElseThrow(() -> new AssertionError("no javac in this JDK"));
    int status = javac.run(System.out, System.err, args.toArray(String[]::new));
    assertThat(status).as("javac %s", args).isZero();
    return classes;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}

package dev.vmm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VmmMainTest {
  record Outcome(int exitCode, String out, String err) {}

  static Outcome vmm(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VmmMain.execute(new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Nested
  class Version {
    @Test
    void namesTheBuiltVersionAndTheJvm() {
      Outcome outcome = vmm("--version");

      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.out()).startsWith("vmm 0.1.0-SNAPSHOT").contains("JVM " + Runtime.version());
    }
  }

  @Nested
  class Usage {
    @Test
    void helpListsTheCommandAndExitsZero() {
      Outcome outcome = vmm("--help");

      assertThat(outcome.exitCode()).isZero();
      assertThat(outcome.out()).contains("Usage: vmm").contains("--version");
    }

    @Test
    void noCommandIsAUsageErrorThatSaysWhatIsMissing() {
      Outcome outcome = vmm();

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("Missing command").contains("Usage: vmm");
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
      Outcome outcome = vmm("--frobnicate");

      assertThat(outcome.exitCode()).isEqualTo(2);
      assertThat(outcome.err()).contains("--frobnicate");
    }
  }
}

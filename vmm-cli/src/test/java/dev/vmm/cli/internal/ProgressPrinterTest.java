package dev.vmm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.update.GuestUpdatePhase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndedBeforeTheNextPhase() {
    ProgressPrinter printer = new ProgressPrinter(out, true);
    printer.progress(GuestUpdatePhase.TRANSFERRING, 1 << 20, 4 << 20);
    printer.progress(GuestUpdatePhase.TRANSFERRING, 4 << 20, 4 << 20);
    printer.phase(GuestUpdatePhase.COMMITTED, "VMM 1.2.0 is active");

    assertThat(printed()).isEqualTo("\r[#######                       ] 25% 1.0 MiB of 4.0 MiB transferring"
        + "\r[##############################] 100% 4.0 MiB of 4.0 MiB transferring" + System.lineSeparator()
        + "updater: committed: VMM 1.2.0 is active" + System.lineSeparator());
  }

  @Test
  void offATerminalEachQuarterIsOnePlainLine() {
    ProgressPrinter printer = new ProgressPrinter(out, false);
    for (long done = 0; done <= 100; done += 5) {
      printer.progress(GuestUpdatePhase.DOWNLOADING, done << 20, 100L << 20);
    }

    assertThat(printed()).doesNotContain("\r").contains("downloading 0.0 MiB of 100.0 MiB",
        "downloading 25.0 MiB of 100.0 MiB", "downloading 100.0 MiB of 100.0 MiB");
    assertThat(printed().lines()).hasSize(5);
  }
}

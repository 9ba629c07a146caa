package dev.vmm.bench.riscv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The CPU-bound guest programs: freestanding rv64imac binaries built, recorded against
 * qemu-riscv64 and tested by vmm-riscv ({@code src/test/resources/riscv/bench-*.c}), carried in
 * this jar under {@code /riscv}.
 */
public enum BenchProgram {
  /** A repeated sieve of Eratosthenes over 2 MB: byte loads and stores in tight loops. */
  SIEVE,
  /** SHA-256 of a 1 MiB buffer, repeated: 32-bit arithmetic on registers. */
  SHA256,
  /** Quicksort of 2M integers through a comparison function pointer: calls and branches. */
  QSORT;

  /** The binary's name, as build.sh calls it. */
  String binaryName() {
    return "bench-" + name().toLowerCase(Locale.ROOT);
  }

  /** The ELF file. */
  byte[] elf() {
    return resource(binaryName());
  }

  /** What the program printed on qemu-riscv64 when it was built. */
  String expectedOutput() {
    return new String(resource(binaryName() + ".out"), StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = BenchProgram.class.getResourceAsStream("/riscv/" + name)) {
      if (in == null) {
        throw new IllegalStateException("/riscv/" + name + " is not on the class path; build"
            + " vmm-bench with Maven so its resources come from vmm-riscv's test programs");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

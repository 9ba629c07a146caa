package dev.vmm.bench.riscv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of a program on qemu-riscv64 (user mode, its JIT), the peer the interpreter is
 * compared with. Each run is a whole process, so the time includes qemu's start (a few ms).
 */
final class QemuTimer {
  private static final String QEMU = "qemu-riscv64";

  private QemuTimer() {}

  /** Whether qemu-riscv64 runs here. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder(QEMU, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs the program {@code runs} times after one warm-up run and returns the shortest wall
   * time in seconds: other processes only ever make a run slower.
   *
   * @throws IllegalStateException if qemu prints something else than the recording
   */
  static double bestSeconds(BenchProgram program, int runs)
      throws IOException, InterruptedException {
    Path binary = Files.createTempFile(program.binaryName(), "");
    try {
      Files.write(binary, program.elf());
      if (!binary.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + binary + " executable");
      }
      String expected = program.expectedOutput();
      run(binary, expected);
      double[] seconds = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        run(binary, expected);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(seconds);
      return seconds[0];
    } finally {
      Files.deleteIfExists(binary);
    }
  }

  private static void run(Path binary, String expected) throws IOException, InterruptedException {
    Process qemu = new ProcessBuilder(QEMU, binary.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String printed = new String(qemu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!qemu.waitFor(60, TimeUnit.SECONDS)) {
      qemu.destroyForcibly();
      throw new IllegalStateException(binary + " ran over 60 s on qemu");
    }
    if (!printed.equals(expected)) {
      throw new IllegalStateException("qemu printed " + printed + " instead of " + expected);
    }
  }
}

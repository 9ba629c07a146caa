package dev.vmm.riscv;

import java.io.ByteArrayOutputStream;

/**
 * The two Linux system calls the freestanding test programs make: {@code write} (64) to
 * stdout, collected here, and {@code exit} / {@code exit_group} (93, 94), which halt the hart with
 * the exit code. Anything else returns {@code -ENOSYS}, as Linux does for an unknown call.
 */
final class LinuxSubset implements EcallHandler {
  private static final int ENOSYS = 38;

  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  @Override
  public void onEcall(Hart hart) {
    long number = hart.x(17);
    switch ((int) number) {
      case 64 -> {
        long fd = hart.x(10);
        long buffer = hart.x(11);
        long length = hart.x(12);
        if (fd != 1 && fd != 2) {
          hart.setX(10, -9); // EBADF
          return;
        }
        for (long i = 0; i < length; i++) {
          stdout.write(hart.memory().load8(buffer + i));
        }
        hart.setX(10, length);
      }
      case 93, 94 -> hart.halt((int) hart.x(10) & 0xFF); // the exit status a parent sees
      default -> hart.setX(10, -ENOSYS);
    }
  }

  String stdoutText() {
    return stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}

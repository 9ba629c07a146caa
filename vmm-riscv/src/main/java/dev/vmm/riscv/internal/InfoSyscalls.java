package dev.vmm.riscv.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The system calls that describe the system and the process rather than change them:
 * {@code uname}, {@code sysinfo}, {@code clock_gettime}, {@code prlimit64},
 * {@code sched_getaffinity}, and the signal and
 * robust-list registrations, accepted as no-ops (no signal is ever delivered here).
 */
public final class InfoSyscalls {
  private static final long STACK_LIMIT = 8 << 20;

  private InfoSyscalls() {}

  /** Accepts a signal or robust-list registration; writes an empty old value where asked. */
  public static long sigNoop(GuestAccess guest, long number, long oldValue) {
    if (number == 134 && oldValue != 0) {
      guest.write(oldValue, new byte[24]); // handler, flags, mask: SIG_DFL
    } else if (number == 135 && oldValue != 0) {
      guest.store64(oldValue, 0); // nothing blocked
    }
    return 0;
  }

  public static long clockGettime(GuestAccess guest, long clock, long timespec) {
    long seconds;
    long nanos;
    if (clock == 0) { // CLOCK_REALTIME
      Instant now = Instant.now();
      seconds = now.getEpochSecond();
      nanos = now.getNano();
    } else if (clock >= 1 && clock <= 7) { // the monotonic, CPU-time and boot-time clocks
      long t = System.nanoTime();
      seconds = Math.floorDiv(t, 1_000_000_000L);
      nanos = Math.floorMod(t, 1_000_000_000L);
    } else {
      return -Errno.EINVAL;
    }
    guest.store64(timespec, seconds);
    guest.store64(timespec + 8, nanos);
    return 0;
  }

  public static long uname(GuestAccess guest, long buffer) {
    String[] fields = {"Linux", "vmm", "6.1.0", "#1 SMP vmm-riscv", "riscv64", "(none)"};
    for (int i = 0; i < fields.length; i++) {
      byte[] field = new byte[65];
      byte[] text = fields[i].getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, field, 0, text.length);
      guest.write(buffer + 65L * i, field);
    }
    return 0;
  }

  /**
   * {@code struct sysinfo} (112 bytes on 64-bit): {@code ram} bytes of memory, all of it free;
   * glibc's {@code qsort} asks, to choose between its two sorts.
   */
  public static long sysinfo(GuestAccess guest, long ram, long buffer) {
    guest.write(buffer, new byte[112]);
    guest.store64(buffer + 32, ram); // totalram
    guest.store64(buffer + 40, ram); // freeram
    guest.store16(buffer + 80, 1); // procs
    guest.store32(buffer + 104, 1); // mem_unit: the sizes are in bytes
    return 0;
  }

  /** Reports every limit as unlimited except the stack's 8 MiB; refuses to change any. */
  public static long prlimit(GuestAccess guest, long resource, long newLimit, long oldLimit) {
    if (newLimit != 0) {
      return -Errno.EPERM;
    }
    if (oldLimit != 0) {
      long value = resource == 3 ? STACK_LIMIT : -1; // RLIMIT_STACK, else RLIM_INFINITY
      guest.store64(oldLimit, value);
      guest.store64(oldLimit + 8, value);
    }
    return 0;
  }


  /**
   * {@code sched_getaffinity(pid, size, mask)}: every thread may run on each of the host's
   * processors, as many as the JVM reports (guest threads are host threads). glibc falls back to
   * this for {@code sysconf(_SC_NPROCESSORS_ONLN)} when {@code /sys} is missing, as it is here.
   *
   * @return the bytes of mask written: whole {@code unsigned long}s, as Linux copies them
   */
  public static long schedGetaffinity(GuestAccess guest, long size, long mask, int processors) {
    long needed = (processors + 63L) / 64 * 8;
    if (size < needed || (size & 7) != 0) {
      return -Errno.EINVAL;
    }
    for (int word = 0; word * 64 < processors; word++) {
      int bits = Math.min(64, processors - word * 64);
      guest.store64(mask + 8L * word, bits == 64 ? -1L : (1L << bits) - 1);
    }
    return needed;
  }
}

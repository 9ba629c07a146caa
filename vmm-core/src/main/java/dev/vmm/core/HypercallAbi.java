package dev.vmm.core;

/**
 * The hypercall ABI: which {@code ecall} numbers reach the VMM and what the built-in ones do. See
 * {@code docs/hypercalls.md} for the full table.
 *
 * <p>A guest executes {@code ecall} with the number in {@code a7} and up to six arguments in
 * {@code a0..a5}; the result comes back in {@code a0}. A number in
 * {@code [BASE, BASE + COUNT)} goes to the hypercall dispatcher, anything else to the Linux
 * system-call layer. The range sits far above every Linux system-call number (below 500 on
 * RISC-V), so no Linux program reaches it by accident. A negative result is an error, one of
 * {@link HypercallError}'s codes.
 *
 * <p>Number blocks: {@code BASE + 0x000..0x0FF} vmm-core, {@code 0x100..0x1FF} vmm-update,
 * {@code 0x200..0x2FF} vmm-intercept, {@code 0x800..0xFFF} free for applications.
 */
public final class HypercallAbi {
  /** The first hypercall number. */
  public static final long BASE = 0x0F00_0000L;
  /** How many numbers the range holds. */
  public static final int COUNT = 0x1000;
  /** The ABI version {@link #INFO} reports; bumped when a built-in call changes meaning. */
  public static final int VERSION = 1;

  /**
   * {@code INFO(buf, len)}: writes {@link #INFO_SIZE} bytes at {@code buf} ({@code len} at least
   * that): u64 guest id, u32 ABI version, u32 reserved (0), u64 VMM version. Returns the bytes
   * written.
   */
  public static final long INFO = BASE;
  /** The size of the record {@link #INFO} writes. */
  public static final int INFO_SIZE = 24;
  /**
   * {@code CONSOLE_WRITE(buf, len)}: writes {@code len} bytes (at most
   * {@link #MAX_TRANSFER}) to the guest's console. Returns {@code len}.
   */
  public static final long CONSOLE_WRITE = BASE + 1;
  /**
   * {@code CHANNEL_OPEN(name, len)}: returns the handle of the channel the host opened for this
   * guest under that UTF-8 name, or {@code -ENOENT}.
   */
  public static final long CHANNEL_OPEN = BASE + 0x10;
  /**
   * {@code CHANNEL_WRITE(handle, buf, len)}: copies up to {@code len} bytes into the channel
   * towards the host. Returns how many it took (at least 1 when {@code len > 0}),
   * {@code -EAGAIN} when the ring is full, {@code -EPIPE} when the host has closed it.
   */
  public static final long CHANNEL_WRITE = BASE + 0x11;
  /**
   * {@code CHANNEL_READ(handle, buf, len)}: copies up to {@code len} bytes from the host into
   * {@code buf}. Returns how many (at least 1), 0 at end of stream (the host shut its side down
   * and everything was read), {@code -EAGAIN} when nothing is there yet.
   */
  public static final long CHANNEL_READ = BASE + 0x12;
  /**
   * {@code CHANNEL_SHUTDOWN(handle)}: the guest will write no more; the host reads what is left,
   * then end of stream. Returns 0.
   */
  public static final long CHANNEL_SHUTDOWN = BASE + 0x13;
  /**
   * {@code CHANNEL_CLOSE(handle)}: shuts down the guest's writing side, stops reading (what the
   * host still writes is refused) and retires the handle. Returns 0.
   */
  public static final long CHANNEL_CLOSE = BASE + 0x14;

  /**
   * {@code REGION_SHARE(pointer, size)}: shares {@code size} bytes of the guest's memory at
   * {@code pointer} (a pointer the guest may read and write there, tag included) with the VMM and
   * returns the region's handle ({@link HostRegion}). {@code -EINVAL} for a size outside
   * 1..the guest's memory size, {@code -EFAULT} when the first or last byte is not the guest's to
   * read through that pointer, {@code -ENOMEM} when the guest already shares {@link #MAX_REGIONS}
   * regions. The host's accesses are checked whole, each time.
   */
  public static final long REGION_SHARE = BASE + 0x20;
  /**
   * {@code REGION_RELEASE(handle)}: ends the sharing; the host's later accesses are refused and
   * the handle never resolves again. Returns 0, or {@code -EBADF}.
   */
  public static final long REGION_RELEASE = BASE + 0x21;
  /** How many regions one guest may share at once, so a guest cannot fill the VMM's table. */
  public static final int MAX_REGIONS = 64;

  /** The largest buffer one call copies; a longer length is {@code -EINVAL}. */
  public static final int MAX_TRANSFER = 1 << 20;

  private HypercallAbi() {}

  /**
   * Tells whether a number belongs to the hypercall range.
   *
   * @param number the value of {@code a7}
   * @return whether the dispatcher serves it
   */
  public static boolean isHypercall(long number) {
    return number - BASE >= 0 && number - BASE < COUNT;
  }
}

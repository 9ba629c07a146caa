package dev.vmm.riscv.internal;

import dev.vmm.riscv.HartMemory;
import java.nio.charset.StandardCharsets;

/**
 * A system call's view of guest memory: every access goes through the port, and whatever the
 * port throws for a bad pointer becomes a {@link BadAddress}, so a system call can answer
 * {@code -EFAULT} as Linux does instead of letting a guest's bad pointer escape as a host error.
 */
public final class GuestAccess {
  /** The guest passed a pointer the memory port refused. */
  public static final class BadAddress extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps what the port threw, or why a guest-supplied length cannot be served.
     *
     * @param cause the reason
     */
    public BadAddress(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final HartMemory memory;

  /**
   * Wraps a port.
   *
   * @param memory the port
   */
  public GuestAccess(HartMemory memory) {
    this.memory = memory;
  }

  /**
   * Reads a byte.
   *
   * @param p the guest pointer
   * @return the byte
   * @throws BadAddress if the port refuses
   */
  public byte load8(long p) {
    try {
      return memory.load8(p);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Reads a doubleword.
   *
   * @param p the guest pointer
   * @return the value
   * @throws BadAddress if the port refuses
   */
  public long load64(long p) {
    try {
      return memory.load64(p);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Writes a halfword.
   *
   * @param p the guest pointer
   * @param v the value; bits above 15 are ignored
   * @throws BadAddress if the port refuses
   */
  public void store16(long p, int v) {
    try {
      memory.store16(p, v);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Reads a word.
   *
   * @param p the guest pointer
   * @return the value
   * @throws BadAddress if the port refuses
   */
  public int load32(long p) {
    try {
      return memory.load32(p);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Writes a word.
   *
   * @param p the guest pointer
   * @param v the value
   * @throws BadAddress if the port refuses
   */
  public void store32(long p, int v) {
    try {
      memory.store32(p, v);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Writes a doubleword.
   *
   * @param p the guest pointer
   * @param v the value
   * @throws BadAddress if the port refuses
   */
  public void store64(long p, long v) {
    try {
      memory.store64(p, v);
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Copies {@code length} guest bytes out.
   *
   * @param p the guest pointer
   * @param length how many; small enough for an array
   * @return the bytes
   * @throws BadAddress if the port refuses any of them
   */
  public byte[] read(long p, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = load8(p + i);
    }
    return bytes;
  }

  /**
   * Copies bytes into the guest.
   *
   * @param p the guest pointer
   * @param bytes what to write
   * @throws BadAddress if the port refuses any of them
   */
  public void write(long p, byte[] bytes) {
    try {
      for (int i = 0; i < bytes.length; i++) {
        memory.store8(p + i, bytes[i]);
      }
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Zeroes {@code length} guest bytes, a doubleword at a time where it can.
   *
   * @param p the guest pointer
   * @param length how many bytes
   * @throws BadAddress if the port refuses any of them
   */
  public void zero(long p, long length) {
    try {
      long i = 0;
      for (; i + 8 <= length; i += 8) {
        memory.store64(p + i, 0);
      }
      for (; i < length; i++) {
        memory.store8(p + i, 0);
      }
    } catch (RuntimeException e) {
      throw new BadAddress(e);
    }
  }

  /**
   * Reads a NUL-terminated string of at most {@code limit} bytes.
   *
   * @param p the guest pointer
   * @param limit the longest string accepted
   * @return the string, decoded as UTF-8, or null if no NUL came within {@code limit} bytes
   * @throws BadAddress if the port refuses a byte before the NUL
   */
  public String readString(long p, int limit) {
    byte[] bytes = new byte[limit];
    for (int i = 0; i < limit; i++) {
      byte b = load8(p + i);
      if (b == 0) {
        return new String(bytes, 0, i, StandardCharsets.UTF_8);
      }
      bytes[i] = b;
    }
    return null;
  }
}

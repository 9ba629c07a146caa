package dev.vmm.intercept.internal.modules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare
 * address is a block of one. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) match IPv4
 * blocks, since a dual-stack socket reports IPv4 peers that way.
 */
record Cidr(byte[] network, int prefix) {

  /** Parses a block; only numeric addresses, so parsing never touches DNS. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = numericAddress(address, text);
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("prefix length " + prefix + " in '" + text
            + "' is outside 0.." + bytes.length * 8);
      }
    }
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Cidr(bytes, prefix);
  }

  boolean contains(InetAddress address) {
    byte[] bytes = unmapped(address.getAddress());
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & 0xFF);
  }

  private static byte[] unmapped(byte[] bytes) {
    if (bytes.length == 16) {
      for (int i = 0; i < 10; i++) {
        if (bytes[i] != 0) {
          return bytes;
        }
      }
      if (bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
      }
    }
    return bytes;
  }

  private static byte[] numericAddress(String address, String text) {
    boolean numeric = address.contains(":") || address.matches("[0-9.]+");
    if (!numeric || address.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a numeric IPv4 or IPv6 block");
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a numeric IPv4 or IPv6 block");
    }
  }
}

package dev.gingham.resource;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.Objects;

/**
 * An address on a host's interface together with its subnet's length, as Calico writes a node's BGP
 * address: {@code 192.0.2.10/24}. Unlike an {@link IpPrefix}, the host bits are the point.
 *
 * @param address the address
 * @param prefixLength the subnet's length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record HostAddress(IpAddress address, int prefixLength) {
  public HostAddress {
    Objects.requireNonNull(address, "address");
    if (prefixLength < 0 || prefixLength > address.bitLength()) {
      throw new IllegalArgumentException(
          "prefix length "
              + prefixLength
              + " is out of range 0.."
              + address.bitLength()
              + " for "
              + address);
    }
  }

  /**
   * Reads {@code address/length}, or an address alone, which is a host route (/32 or /128).
   *
   * @throws IllegalArgumentException naming the text and what is wrong
   */
  public static HostAddress parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      IpAddress a = IpAddress.parse(text);
      return new HostAddress(a, a.bitLength());
    }
    IpAddress a = IpAddress.parse(text.substring(0, slash));
    String digits = text.substring(slash + 1);
    if (digits.isEmpty()
        || digits.length() > 3
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new IllegalArgumentException("'" + text + "' has no valid prefix length after its '/'");
    }
    return new HostAddress(a, Integer.parseInt(digits));
  }

  /** The subnet the address is on. */
  public IpPrefix subnet() {
    return IpPrefix.ofMasking(address, prefixLength);
  }

  /** As {@code 192.0.2.10/24}. */
  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}

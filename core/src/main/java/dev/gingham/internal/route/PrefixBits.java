package dev.gingham.internal.route;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;

/**
 * Prefixes of either family as 128-bit keys: two longs, {@code high} and {@code low}, with bit 0
 * the most significant bit of {@code high}. An IPv4 address sits in the top 32 bits of {@code
 * high}, so that one trie and one builder serve both families, and bit {@code i} of an IPv4 key is
 * bit {@code i} of the address.
 */
final class PrefixBits {
  private PrefixBits() {}

  /** The high word of an IPv4 address. */
  static long high4(int ipv4) {
    return (ipv4 & 0xFFFF_FFFFL) << 32;
  }

  /** The high word of an address. */
  static long high(IpAddress address) {
    return address instanceof Ipv4Address
        ? high4(((Ipv4Address) address).toInt())
        : ((Ipv6Address) address).high();
  }

  /** The low word of an address (0 for IPv4). */
  static long low(IpAddress address) {
    return address instanceof Ipv4Address ? 0 : ((Ipv6Address) address).low();
  }

  /** The prefix of a key and a length, in the given family. */
  static IpPrefix toPrefix(IpFamily family, long high, long low, int length) {
    IpAddress network =
        family == IpFamily.IPV4 ? Ipv4Address.of((int) (high >>> 32)) : Ipv6Address.of(high, low);
    return IpPrefix.of(network, length);
  }

  /** Bit {@code i} (0 is the most significant) of the key. */
  static boolean bit(long high, long low, int i) {
    return i < 64 ? (high << i) < 0 : (low << i) < 0;
  }

  /** The high word with every bit from {@code length} on cleared. */
  static long maskHigh(long high, int length) {
    return length >= 64 ? high : length == 0 ? 0 : high & (-1L << (64 - length));
  }

  /** The low word with every bit from {@code length} on cleared. */
  static long maskLow(long low, int length) {
    return length <= 64 ? 0 : length == 128 ? low : low & (-1L << (128 - length));
  }

  /** How many leading bits two keys share, at most {@code max}. */
  static int commonLength(long high1, long low1, long high2, long low2, int max) {
    long x = high1 ^ high2;
    int n = x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(low1 ^ low2);
    return Math.min(n, max);
  }

  /**
   * The {@code width} bits of the key that start at bit {@code offset}, as a number. The field must
   * not straddle the two words.
   */
  static int field(long high, long low, int offset, int width) {
    long word = offset < 64 ? high : low;
    return (int) ((word << offset) >>> (64 - width));
  }
}

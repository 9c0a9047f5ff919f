package dev.gingham.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An IPv6 address: 128 bits, held in two {@code long}s.
 *
 * <p>An IPv4-mapped address ({@code ::ffff:0:0/96}, RFC 4291 section 2.5.5.2) is an IPv6 value like
 * any other: it is not equal to its {@link #embeddedIpv4() IPv4 address}, it prints in mixed
 * notation ({@code ::ffff:192.0.2.1}), and its predicates ({@link #isLoopback()} and the others)
 * answer as its IPv4 address does.
 *
 * <p>Instances are immutable and thread-safe; {@code compareTo}, {@code equals} and {@code
 * hashCode} allocate nothing.
 */
public final class Ipv6Address extends IpAddress {
  private static final long MAPPED_PREFIX = 0xFFFF_0000_0000L;

  private final long high;
  private final long low;

  private Ipv6Address(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /**
   * The address with the given bits: {@code high} holds bits 0-63 (the first 8 bytes in network
   * order), {@code low} bits 64-127. {@code of(0x20010db8_00000000L, 1)} is {@code 2001:db8::1}.
   */
  public static Ipv6Address of(long high, long low) {
    return new Ipv6Address(high, low);
  }

  /**
   * Parses the RFC 4291 section 2.2 text form: 1 to 4 hex digits per group in either case, at most
   * one {@code ::}, optionally a dotted quad in the last 32 bits ({@code ::ffff:1.2.3.4}, {@code
   * 64:ff9b::1.2.3.4}).
   *
   * @throws IllegalArgumentException if the text is anything else, IPv4 and zone ids ({@code
   *     fe80::1%eth0}) included; the message quotes the text and says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static Ipv6Address parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int end = text.length();
    return AddressText.parseIpv6(text, 0, end, 0, end);
  }

  /**
   * The IPv4-mapped address {@code ::ffff:a.b.c.d} of an IPv4 address (RFC 4291 section 2.5.5.2),
   * as a dual-stack socket reports IPv4 peers.
   */
  public static Ipv6Address ipv4Mapped(Ipv4Address address) {
    return new Ipv6Address(0, MAPPED_PREFIX | address.toUnsignedLong());
  }

  /** Bits 0-63: the first 8 bytes in network order. */
  public long high() {
    return high;
  }

  /** Bits 64-127: the last 8 bytes in network order. */
  public long low() {
    return low;
  }

  /** Whether this address is in {@code ::ffff:0:0/96}. */
  public boolean isIpv4Mapped() {
    return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX;
  }

  /**
   * The last 32 bits as an IPv4 address, whatever the first 96 are: the IPv4 address of an
   * IPv4-mapped address, or of a NAT64 address in {@code 64:ff9b::/96}.
   */
  public Ipv4Address embeddedIpv4() {
    return Ipv4Address.of((int) low);
  }

  @Override
  public byte[] toBytes() {
    byte[] bytes = new byte[16];
    LONG_BE.set(bytes, 0, high);
    LONG_BE.set(bytes, 8, low);
    return bytes;
  }

  @Override
  public InetAddress toInetAddress() {
    try {
      // Inet6Address.getByAddress keeps IPv4-mapped bytes as they are, where
      // InetAddress.getByAddress would turn them into an Inet4Address.
      return Inet6Address.getByAddress(null, toBytes(), -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are always an IPv6 address", e);
    }
  }

  @Override
  public IpFamily family() {
    return IpFamily.IPV6;
  }

  @Override
  public int bitLength() {
    return 128;
  }

  @Override
  public Ipv6Address add(long offset) {
    // -Long.MIN_VALUE is Long.MIN_VALUE, which read unsigned is 2^63: the right magnitude.
    Ipv6Address result = offset >= 0 ? plus(offset) : minus(-offset);
    if (result == null) {
      throw overflow("+", offset);
    }
    return result;
  }

  @Override
  public Ipv6Address subtract(long offset) {
    Ipv6Address result = offset >= 0 ? minus(offset) : plus(-offset);
    if (result == null) {
      throw overflow("-", offset);
    }
    return result;
  }

  @Override
  public Ipv6Address next() {
    return add(1);
  }

  @Override
  public Ipv6Address previous() {
    return subtract(1);
  }

  /** This address plus an unsigned 64-bit magnitude, or null past the end. */
  private @Nullable Ipv6Address plus(long magnitude) {
    long newLow = low + magnitude;
    if (Long.compareUnsigned(newLow, low) < 0) { // carry into the high half
      if (high == -1) {
        return null;
      }
      return new Ipv6Address(high + 1, newLow);
    }
    return new Ipv6Address(high, newLow);
  }

  /** This address minus an unsigned 64-bit magnitude, or null before the start. */
  private @Nullable Ipv6Address minus(long magnitude) {
    long newLow = low - magnitude;
    if (Long.compareUnsigned(magnitude, low) > 0) { // borrow from the high half
      if (high == 0) {
        return null;
      }
      return new Ipv6Address(high - 1, newLow);
    }
    return new Ipv6Address(high, newLow);
  }

  private ArithmeticException overflow(String op, long offset) {
    return new ArithmeticException(
        this
            + " "
            + op
            + " "
            + offset
            + " is outside the IPv6 range :: to ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  }

  @Override
  public boolean isUnspecified() {
    return isIpv4Mapped() ? (int) low == 0 : (high | low) == 0;
  }

  @Override
  public boolean isLoopback() {
    return isIpv4Mapped() ? Ipv4Address.isLoopback((int) low) : high == 0 && low == 1;
  }

  @Override
  public boolean isLinkLocal() {
    return isIpv4Mapped()
        ? Ipv4Address.isLinkLocal((int) low)
        : (high >>> 54) == (0xFE80L >>> 6); // fe80::/10, RFC 4291 section 2.5.6
  }

  @Override
  public boolean isMulticast() {
    return isIpv4Mapped()
        ? Ipv4Address.isMulticast((int) low)
        : (high >>> 56) == 0xFF; // ff00::/8, RFC 4291 section 2.7
  }

  @Override
  public int compareTo(IpAddress other) {
    if (other instanceof Ipv6Address) {
      Ipv6Address o = (Ipv6Address) other;
      int c = Long.compareUnsigned(high, o.high);
      return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }
    Objects.requireNonNull(other, "other");
    return 1;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Ipv6Address)) {
      return false;
    }
    Ipv6Address other = (Ipv6Address) o;
    return other.high == high && other.low == low;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(high) + Long.hashCode(low);
  }

  @Override
  public String toString() {
    return AddressText.formatIpv6(high, low);
  }

  // ------------------------------------------------------------------------------------------
  // Prefix arithmetic. A netmask of 0..128 leading ones is split into its two halves; a Java
  // shift takes its distance mod 64, so the whole-half cases are spelled out.

  static long highMask(int length) {
    return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
  }

  static long lowMask(int length) {
    return length <= 64 ? 0 : -1L << (128 - length);
  }

  @Override
  boolean sharesPrefix(IpAddress other, int length) {
    if (!(other instanceof Ipv6Address)) {
      return false;
    }
    Ipv6Address o = (Ipv6Address) other;
    return ((high ^ o.high) & highMask(length)) == 0 && ((low ^ o.low) & lowMask(length)) == 0;
  }

  @Override
  boolean hasHostBits(int length) {
    return (high & ~highMask(length)) != 0 || (low & ~lowMask(length)) != 0;
  }

  @Override
  Ipv6Address clearHostBits(int length) {
    return new Ipv6Address(high & highMask(length), low & lowMask(length));
  }

  @Override
  Ipv6Address setHostBits(int length) {
    return new Ipv6Address(high | ~highMask(length), low | ~lowMask(length));
  }

  @Override
  Ipv6Address mask(int length) {
    return new Ipv6Address(highMask(length), lowMask(length));
  }

  @Override
  Ipv6Address withHostBits(long offset) {
    return new Ipv6Address(high, low | offset);
  }

  @Override
  Ipv6Address plusShifted(long index, int shift) {
    long addHigh;
    long addLow;
    if (shift >= 128) {
      addHigh = 0;
      addLow = 0;
    } else if (shift >= 64) {
      addHigh = index << (shift - 64);
      addLow = 0;
    } else if (shift == 0) {
      addHigh = 0;
      addLow = index;
    } else {
      addHigh = index >>> (64 - shift);
      addLow = index << shift;
    }
    return new Ipv6Address(high | addHigh, low | addLow);
  }

  @Override
  long hostBitsOf(IpAddress other, int length) {
    Ipv6Address o = (Ipv6Address) other;
    long hostHigh = o.high & ~highMask(length);
    long hostLow = o.low & ~lowMask(length);
    return hostHigh != 0 || hostLow < 0 ? -1 : hostLow;
  }
}

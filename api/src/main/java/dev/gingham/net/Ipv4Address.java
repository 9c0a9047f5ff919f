package dev.gingham.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 address: 32 bits, held in one {@code int}.
 *
 * <p>Instances are immutable and thread-safe; {@code compareTo}, {@code equals} and {@code
 * hashCode} allocate nothing.
 */
public final class Ipv4Address extends IpAddress {
  private static final long MAX = 0xFFFF_FFFFL;

  private final int bits;

  private Ipv4Address(int bits) {
    this.bits = bits;
  }

  /**
   * The address with the given bits, most significant first: {@code of(0xC0000201)} is {@code
   * 192.0.2.1}.
   */
  public static Ipv4Address of(int bits) {
    return new Ipv4Address(bits);
  }

  /**
   * Parses a dotted quad: exactly four decimal octets 0-255 with no leading zeros, such as {@code
   * 192.0.2.1}.
   *
   * @throws IllegalArgumentException if the text is anything else, IPv6 included; the message
   *     quotes the text and says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static Ipv4Address parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int end = text.length();
    return new Ipv4Address(AddressText.parseIpv4(text, 0, end, 0, end));
  }

  /** The 32 bits, most significant first. */
  public int toInt() {
    return bits;
  }

  /** The 32 bits as a non-negative long, 0 to 2<sup>32</sup>-1. */
  public long toUnsignedLong() {
    return bits & MAX;
  }

  @Override
  public byte[] toBytes() {
    byte[] bytes = new byte[4];
    INT_BE.set(bytes, 0, bits);
    return bytes;
  }

  @Override
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(toBytes());
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an IPv4 address", e);
    }
  }

  @Override
  public IpFamily family() {
    return IpFamily.IPV4;
  }

  @Override
  public int bitLength() {
    return 32;
  }

  @Override
  public Ipv4Address add(long offset) {
    // -Long.MIN_VALUE is Long.MIN_VALUE, which read unsigned is 2^63: the right magnitude.
    long result = offset >= 0 ? plus(offset) : minus(-offset);
    if (result < 0) {
      throw overflow("+", offset);
    }
    return new Ipv4Address((int) result);
  }

  @Override
  public Ipv4Address subtract(long offset) {
    long result = offset >= 0 ? minus(offset) : plus(-offset);
    if (result < 0) {
      throw overflow("-", offset);
    }
    return new Ipv4Address((int) result);
  }

  @Override
  public Ipv4Address next() {
    return add(1);
  }

  @Override
  public Ipv4Address previous() {
    return subtract(1);
  }

  /** This address plus an unsigned magnitude, or -1 past the end. */
  private long plus(long magnitude) {
    long value = toUnsignedLong();
    return Long.compareUnsigned(magnitude, MAX - value) > 0 ? -1 : value + magnitude;
  }

  /** This address minus an unsigned magnitude, or -1 before the start. */
  private long minus(long magnitude) {
    long value = toUnsignedLong();
    return Long.compareUnsigned(magnitude, value) > 0 ? -1 : value - magnitude;
  }

  private ArithmeticException overflow(String op, long offset) {
    return new ArithmeticException(
        this + " " + op + " " + offset + " is outside the IPv4 range 0.0.0.0-255.255.255.255");
  }

  @Override
  public boolean isUnspecified() {
    return bits == 0;
  }

  @Override
  public boolean isLoopback() {
    return isLoopback(bits);
  }

  @Override
  public boolean isLinkLocal() {
    return isLinkLocal(bits);
  }

  @Override
  public boolean isMulticast() {
    return isMulticast(bits);
  }

  static boolean isLoopback(int bits) {
    return bits >>> 24 == 127;
  }

  static boolean isLinkLocal(int bits) {
    return bits >>> 16 == 0xA9FE; // 169.254.0.0/16, RFC 3927
  }

  static boolean isMulticast(int bits) {
    return bits >>> 28 == 0xE; // 224.0.0.0/4, RFC 5771
  }

  @Override
  public int compareTo(IpAddress other) {
    if (other instanceof Ipv4Address) {
      return Integer.compareUnsigned(bits, ((Ipv4Address) other).bits);
    }
    Objects.requireNonNull(other, "other");
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4Address && ((Ipv4Address) o).bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return AddressText.formatIpv4(bits);
  }

  // ------------------------------------------------------------------------------------------
  // Prefix arithmetic

  /** The netmask with {@code length} (0..32) leading ones. */
  static int maskBits(int length) {
    // A Java shift takes its distance mod 32, so -1 << 32 would be -1, not 0.
    return length == 0 ? 0 : -1 << (32 - length);
  }

  @Override
  boolean sharesPrefix(IpAddress other, int length) {
    return other instanceof Ipv4Address
        && ((bits ^ ((Ipv4Address) other).bits) & maskBits(length)) == 0;
  }

  @Override
  boolean hasHostBits(int length) {
    return (bits & ~maskBits(length)) != 0;
  }

  @Override
  Ipv4Address clearHostBits(int length) {
    return new Ipv4Address(bits & maskBits(length));
  }

  @Override
  Ipv4Address setHostBits(int length) {
    return new Ipv4Address(bits | ~maskBits(length));
  }

  @Override
  Ipv4Address mask(int length) {
    return new Ipv4Address(maskBits(length));
  }

  @Override
  Ipv4Address withHostBits(long offset) {
    return new Ipv4Address(bits | (int) offset);
  }

  @Override
  Ipv4Address plusShifted(long index, int shift) {
    return new Ipv4Address(bits | (int) (index << shift));
  }

  @Override
  long hostBitsOf(IpAddress other, int length) {
    return ((Ipv4Address) other).bits & ~maskBits(length) & MAX;
  }
}

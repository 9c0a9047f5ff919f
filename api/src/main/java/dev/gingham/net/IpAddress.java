package dev.gingham.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address: an immutable value of 32 or 128 bits, with no zone and no host name.
 *
 * <p>Two addresses are equal when they have the same family and the same bits: the IPv4 address
 * {@code 192.0.2.1} and the IPv4-mapped IPv6 address {@code ::ffff:192.0.2.1} are different values
 * (see {@link Ipv6Address#embeddedIpv4()} and {@link Ipv6Address#ipv4Mapped}). They sort with every
 * IPv4 address before every IPv6 address, then by numeric (unsigned) value.
 *
 * <p>Parsing is strict: {@link #parse(CharSequence)} accepts exactly the text forms that Go's
 * {@code net/netip} accepts, which rules out the ambiguous {@code inet_aton} forms (leading zeros,
 * short forms, hex octets) and zone ids. {@link #toString()} is canonical: the dotted quad for IPv4
 * and the RFC 5952 form for IPv6, so {@code parse(a.toString()).equals(a)} always holds and equal
 * addresses always print the same.
 *
 * <p>{@code compareTo}, {@code equals} and {@code hashCode} allocate nothing; arithmetic allocates
 * only its result.
 *
 * <p>Instances are immutable and thread-safe. The only subclasses are {@link Ipv4Address} and
 * {@link Ipv6Address}.
 */
public abstract sealed class IpAddress implements Comparable<IpAddress>
    permits Ipv4Address, Ipv6Address {

  /** Network-order views of byte arrays, for the byte conversions. */
  static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  IpAddress() {}

  /**
   * Parses an IPv4 or IPv6 address; the family is detected from the text.
   *
   * <p>IPv4 is exactly four decimal octets 0-255 separated by dots, with no leading zeros. IPv6 is
   * the RFC 4291 section 2.2 text form: groups of 1 to 4 hex digits in either case, at most one
   * {@code ::}, and optionally a dotted quad in the last 32 bits (such as {@code ::ffff:1.2.3.4}).
   * Whitespace, brackets, zone ids ({@code %eth0}) and prefix lengths are rejected.
   *
   * @throws IllegalArgumentException if the text is not an address; the message quotes the text and
   *     says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static IpAddress parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int end = text.length();
    return AddressText.parseAddress(text, 0, end, 0, end);
  }

  /**
   * Parses the characters {@code [start, end)} of {@code text} as {@link #parse(CharSequence)}
   * does, without copying them out.
   *
   * @throws IllegalArgumentException if the slice is not an address; the message quotes the slice
   * @throws IndexOutOfBoundsException if the slice is not within {@code text}
   * @throws NullPointerException if {@code text} is null
   */
  public static IpAddress parse(CharSequence text, int start, int end) {
    Objects.requireNonNull(text, "text");
    Objects.checkFromToIndex(start, end, text.length());
    return AddressText.parseAddress(text, start, end, start, end);
  }

  /**
   * The address with the given network-order bytes: 4 bytes give an {@link Ipv4Address}, 16 an
   * {@link Ipv6Address} (even when they are IPv4-mapped). The array is not kept.
   *
   * @throws IllegalArgumentException if the array has another length
   */
  public static IpAddress of(byte[] bytes) {
    if (bytes.length == 4) {
      return Ipv4Address.of((int) INT_BE.get(bytes, 0));
    }
    if (bytes.length == 16) {
      return Ipv6Address.of((long) LONG_BE.get(bytes, 0), (long) LONG_BE.get(bytes, 8));
    }
    throw new IllegalArgumentException(
        "an IP address has 4 or 16 bytes, the array has " + bytes.length);
  }

  /**
   * The address of an {@link InetAddress}, without any name lookup. An {@link Inet4Address} gives
   * an {@link Ipv4Address} and an {@link Inet6Address} an {@link Ipv6Address}.
   *
   * @throws IllegalArgumentException if the address is an IPv6 address with a scope (zone id),
   *     which an {@code IpAddress} cannot hold
   */
  public static IpAddress of(InetAddress address) {
    if (address instanceof Inet6Address) {
      Inet6Address v6 = (Inet6Address) address;
      if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
        throw new IllegalArgumentException(
            "zone ids are not supported: '" + v6.getHostAddress() + "'");
      }
    }
    return of(address.getAddress());
  }

  /** The address in network byte order: a new array of 4 or 16 bytes. */
  public abstract byte[] toBytes();

  /**
   * This address as an {@link InetAddress}, without any name lookup: an {@link Inet4Address} for
   * IPv4 and an {@link Inet6Address} with no scope for IPv6. An IPv4-mapped address stays an {@code
   * Inet6Address}; use {@link Ipv6Address#embeddedIpv4()} for the IPv4 one.
   */
  public abstract InetAddress toInetAddress();

  /** {@link IpFamily#IPV4} or {@link IpFamily#IPV6}. */
  public abstract IpFamily family();

  /** The width of the address: 32 or 128. */
  public abstract int bitLength();

  /**
   * The address {@code offset} further on; a negative offset goes back.
   *
   * @throws ArithmeticException if the result is outside the family's range (for IPv4 {@code
   *     0.0.0.0} to {@code 255.255.255.255}); the message names the address and the offset
   */
  public abstract IpAddress add(long offset);

  /**
   * The address {@code offset} back; a negative offset goes further on.
   *
   * @throws ArithmeticException if the result is outside the family's range; the message names the
   *     address and the offset
   */
  public abstract IpAddress subtract(long offset);

  /**
   * The next address, {@code add(1)}.
   *
   * @throws ArithmeticException if this is the family's last address
   */
  public abstract IpAddress next();

  /**
   * The previous address, {@code subtract(1)}.
   *
   * @throws ArithmeticException if this is the family's first address
   */
  public abstract IpAddress previous();

  /** The host prefix that holds exactly this address: a /32 or a /128. */
  public final IpPrefix toPrefix() {
    return IpPrefix.trusted(this, bitLength());
  }

  /**
   * Whether this is the unspecified address {@code 0.0.0.0} or {@code ::}.
   *
   * <p>Like the other predicates, and like {@link InetAddress}, an IPv4-mapped address answers as
   * its embedded IPv4 address does.
   */
  public abstract boolean isUnspecified();

  /** Whether this is a loopback address: {@code 127.0.0.0/8} or {@code ::1}. */
  public abstract boolean isLoopback();

  /** Whether this is a link-local unicast address: {@code 169.254.0.0/16} or {@code fe80::/10}. */
  public abstract boolean isLinkLocal();

  /** Whether this is a multicast address: {@code 224.0.0.0/4} or {@code ff00::/8}. */
  public abstract boolean isMulticast();

  /**
   * Orders every IPv4 address before every IPv6 address, then by unsigned numeric value. Consistent
   * with {@link #equals}.
   *
   * @throws NullPointerException if {@code other} is null
   */
  @Override
  public abstract int compareTo(IpAddress other);

  /**
   * The canonical text: the dotted quad for IPv4, the RFC 5952 form for IPv6 (for example {@code
   * 2001:db8::1} and {@code ::ffff:192.0.2.1}).
   */
  @Override
  public abstract String toString();

  // ------------------------------------------------------------------------------------------
  // Prefix arithmetic for IpPrefix: package-private so that IpPrefix needs no type tests.

  /** Whether {@code other} has the same family and the same first {@code length} bits. */
  abstract boolean sharesPrefix(IpAddress other, int length);

  /** Whether any bit after the first {@code length} is set. */
  abstract boolean hasHostBits(int length);

  /** This address with every bit after the first {@code length} cleared. */
  abstract IpAddress clearHostBits(int length);

  /** This address with every bit after the first {@code length} set. */
  abstract IpAddress setHostBits(int length);

  /** The netmask with {@code length} leading ones. */
  abstract IpAddress mask(int length);

  /** This address, whose host bits are zero, with {@code offset} in them; {@code offset >= 0}. */
  abstract IpAddress withHostBits(long offset);

  /**
   * This address plus {@code index << shift}, for {@code index >= 0} and a shift that keeps the
   * result in range.
   */
  abstract IpAddress plusShifted(long index, int shift);

  /**
   * The host bits of {@code other}, which shares this address's family and first {@code length}
   * bits, or -1 if they do not fit in a long.
   */
  abstract long hostBitsOf(IpAddress other, int length);
}

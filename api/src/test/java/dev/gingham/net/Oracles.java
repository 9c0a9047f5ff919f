package dev.gingham.net;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * Independent models that the properties check Gingham against: {@link BigInteger} arithmetic,
 * {@link InetAddress}, and the IPAddress library configured to accept only what Go's {@code
 * net/netip} accepts.
 */
final class Oracles {
  static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  static final BigInteger MASK_64 = TWO_64.subtract(BigInteger.ONE);

  /**
   * IPAddress with every leniency switched off: no inet_aton forms, no leading zeros in IPv4
   * octets, no ranges or wildcards, no zones, no prefixes, no base 85, no binary.
   */
  static final IPAddressStringParameters STRICT = strictParameters();

  private Oracles() {}

  private static IPAddressStringParameters strictParameters() {
    IPAddressStringParameters.Builder builder =
        new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowSingleSegment(false)
            .allowPrefix(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowAll(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false);
    strictIpv4(builder.getIPv4AddressParametersBuilder());
    IPv6AddressStringParameters.Builder v6 = builder.getIPv6AddressParametersBuilder();
    v6.allowZone(false)
        .allowEmptyZone(false)
        .allowBase85(false)
        .allowBinary(false)
        .allowMixed(true)
        .allow_mixed_inet_aton(false)
        .allowWildcardedSeparator(false)
        .setRangeOptions(RangeParameters.NO_RANGE)
        .allowLeadingZeros(true)
        .allowUnlimitedLeadingZeros(false);
    strictIpv4(v6.getEmbeddedIPv4AddressParametersBuilder());
    return builder.toParams();
  }

  private static void strictIpv4(IPv4AddressStringParameters.Builder v4) {
    v4.allow_inet_aton(false)
        .allow_inet_aton_hex(false)
        .allow_inet_aton_octal(false)
        .allow_inet_aton_leading_zeros(false)
        .allow_inet_aton_joined_segments(false)
        .allow_inet_aton_single_segment_mask(false)
        .allow_inet_aton_extraneous_digits(false)
        .allowBinary(false)
        .allowWildcardedSeparator(false)
        .setRangeOptions(RangeParameters.NO_RANGE)
        .allowLeadingZeros(false)
        .allowUnlimitedLeadingZeros(false);
  }

  /**
   * What strict IPAddress makes of the text, or null when it rejects it. IPAddress trims
   * surrounding whitespace and control characters as {@link String#trim()} does, a leniency that no
   * switch turns off; Go, and Gingham, reject them, so this oracle does too.
   */
  static inet.ipaddr.@Nullable IPAddress strictIpAddress(String text) {
    if (!text.trim().equals(text)) {
      return null;
    }
    return new IPAddressString(text, STRICT).getAddress();
  }

  /** What default (lenient) IPAddress makes of the text, or null when it rejects it. */
  static inet.ipaddr.@Nullable IPAddress lenientIpAddress(String text) {
    return new IPAddressString(text).getAddress();
  }

  /** The IPAddress value of a Gingham address, built from the bytes. */
  static inet.ipaddr.IPAddress ipAddressOf(IpAddress address) {
    return address instanceof Ipv4Address
        ? new inet.ipaddr.ipv4.IPv4Address(((Ipv4Address) address).toInt())
        : new IPv6Address(((Ipv6Address) address).high(), ((Ipv6Address) address).low());
  }

  /** The canonical text that RFC 5952 asks for, as IPAddress computes it. */
  static String canonicalText(inet.ipaddr.IPAddress address) {
    if (address.isIPv6() && ((IPv6Address) address).isIPv4Mapped()) {
      // IPAddress's canonical string prints mapped addresses in hex, and its mixed string has a
      // quirk for ::ffff:0.0.0.0; RFC 5952 section 5 asks for ::ffff: and a dotted quad.
      return "::ffff:" + ((IPv6Address) address).getEmbeddedIPv4Address().toCanonicalString();
    }
    return address.toCanonicalString();
  }

  /** The unsigned value of an address, computed without its byte conversion. */
  static BigInteger value(IpAddress address) {
    if (address instanceof Ipv4Address) {
      return BigInteger.valueOf(((Ipv4Address) address).toUnsignedLong());
    }
    Ipv6Address v6 = (Ipv6Address) address;
    return unsigned(v6.high()).shiftLeft(64).or(unsigned(v6.low()));
  }

  static BigInteger unsigned(long value) {
    return BigInteger.valueOf(value).and(MASK_64);
  }

  /** The address of the given family with the given value, which must be in range. */
  static IpAddress address(IpFamily family, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > family.bits()) {
      throw new IllegalArgumentException(value + " is not a " + family + " value");
    }
    if (family == IpFamily.IPV4) {
      return Ipv4Address.of(value.intValue());
    }
    return Ipv6Address.of(value.shiftRight(64).longValue(), value.longValue());
  }

  /** One more than the largest address of the family: 2^32 or 2^128. */
  static BigInteger limit(IpFamily family) {
    return BigInteger.ONE.shiftLeft(family.bits());
  }

  /**
   * {@link InetAddress#getByName} on a literal. Only for text known to be a valid literal: the JDK
   * falls back to a name lookup when it cannot read a dotted string as IPv4.
   */
  static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new AssertionError("the JDK rejects " + text, e);
    }
  }

  /**
   * The bytes that {@link InetAddress} gives for a Gingham address's value: the JDK turns
   * IPv4-mapped IPv6 into IPv4, so the mapped case expects the embedded IPv4 bytes.
   */
  static byte[] jdkBytes(IpAddress address) {
    if (address instanceof Ipv6Address && ((Ipv6Address) address).isIpv4Mapped()) {
      return ((Ipv6Address) address).embeddedIpv4().toBytes();
    }
    return address.toBytes();
  }

  /** The JDK's view of an address, for its predicates (mapped addresses become IPv4). */
  static InetAddress jdk(IpAddress address) {
    try {
      return InetAddress.getByAddress(address.toBytes());
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

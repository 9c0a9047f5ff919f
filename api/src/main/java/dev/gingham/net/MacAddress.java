package dev.gingham.net;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An IEEE 802 MAC address (EUI-48): 48 bits, held in the low bits of a {@code long}.
 *
 * <p>The first octet carries two flags: bit 0 is the I/G bit (set for {@linkplain #isMulticast()
 * group addresses}), bit 1 the U/L bit (set for {@linkplain #isLocallyAdministered() locally
 * administered addresses}, the kind a veth pair should get).
 *
 * <p>Instances are immutable and thread-safe; {@code compareTo}, {@code equals} and {@code
 * hashCode} allocate nothing.
 */
public final class MacAddress implements Comparable<MacAddress> {
  private static final long MASK = 0xFFFF_FFFF_FFFFL;
  private static final long GROUP_BIT = 0x01_0000_0000_00L;
  private static final long LOCAL_BIT = 0x02_0000_0000_00L;

  /** The broadcast address {@code ff:ff:ff:ff:ff:ff}. */
  public static final MacAddress BROADCAST = new MacAddress(MASK);

  private final long bits;

  private MacAddress(long bits) {
    this.bits = bits;
  }

  /**
   * The address with the given 48 bits, most significant first: {@code of(0x0242ac110002L)} is
   * {@code 02:42:ac:11:00:02}.
   *
   * @throws IllegalArgumentException if {@code bits} is negative or wider than 48 bits
   */
  public static MacAddress of(long bits) {
    if ((bits & ~MASK) != 0) {
      throw new IllegalArgumentException(
          "a MAC address has 48 bits, 0x" + Long.toHexString(bits) + " has more");
    }
    return new MacAddress(bits);
  }

  /**
   * The address with the given 6 bytes, in transmission order. The array is not kept.
   *
   * @throws IllegalArgumentException if the array does not have 6 bytes
   */
  public static MacAddress of(byte[] bytes) {
    if (bytes.length != 6) {
      throw new IllegalArgumentException(
          "a MAC address has 6 bytes, the array has " + bytes.length);
    }
    long bits = 0;
    for (byte b : bytes) {
      bits = (bits << 8) | (b & 0xFF);
    }
    return new MacAddress(bits);
  }

  /**
   * Parses six octets of two hex digits each (either case), separated by all colons or all hyphens:
   * {@code 02:42:ac:11:00:02} or {@code 02-42-AC-11-00-02}.
   *
   * @throws IllegalArgumentException if the text is anything else; the message quotes the text and
   *     says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static MacAddress parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int end = text.length();
    if (end != 17) {
      throw AddressText.fail(
          text, 0, end, "a MAC address has 17 characters (aa:bb:cc:dd:ee:ff), found " + end);
    }
    char separator = text.charAt(2);
    if (separator != ':' && separator != '-') {
      throw AddressText.fail(text, 0, end, "MAC address octets are separated by ':' or '-'");
    }
    long bits = 0;
    for (int i = 0; i < 17; i += 3) {
      int high = AddressText.hexValue(text.charAt(i));
      int low = AddressText.hexValue(text.charAt(i + 1));
      if (high < 0 || low < 0) {
        int at = high < 0 ? i : i + 1;
        throw AddressText.fail(
            text,
            0,
            end,
            "MAC address octets are two hex digits, found "
                + AddressText.describe(text.charAt(at))
                + " at index "
                + at);
      }
      if (i + 2 < 17 && text.charAt(i + 2) != separator) {
        throw AddressText.fail(
            text,
            0,
            end,
            "MAC address octets are separated by one kind of separator, expected '"
                + separator
                + "' at index "
                + (i + 2));
      }
      bits = (bits << 8) | (high << 4) | low;
    }
    return new MacAddress(bits);
  }

  /**
   * A random unicast, locally administered address (I/G bit clear, U/L bit set), as a veth or
   * bridge port gets, drawn from the given generator.
   */
  public static MacAddress randomLocal(RandomGenerator random) {
    long bits = random.nextLong() & MASK;
    return new MacAddress((bits & ~GROUP_BIT) | LOCAL_BIT);
  }

  /** The 48 bits, most significant first, in the low bits of a non-negative long. */
  public long toLong() {
    return bits;
  }

  /** The 6 bytes in transmission order: a new array. */
  public byte[] toBytes() {
    byte[] bytes = new byte[6];
    for (int i = 0; i < 6; i++) {
      bytes[i] = (byte) (bits >>> (40 - 8 * i));
    }
    return bytes;
  }

  /** Whether the I/G bit is set: a group address (broadcast included). */
  public boolean isMulticast() {
    return (bits & GROUP_BIT) != 0;
  }

  /** Whether this is {@code ff:ff:ff:ff:ff:ff}. */
  public boolean isBroadcast() {
    return bits == MASK;
  }

  /** Whether the U/L bit is set: the address was not assigned by a manufacturer. */
  public boolean isLocallyAdministered() {
    return (bits & LOCAL_BIT) != 0;
  }

  /** Orders by the 48-bit value. */
  @Override
  public int compareTo(MacAddress other) {
    return Long.compare(bits, other.bits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress && ((MacAddress) o).bits == bits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bits);
  }

  /** Lower-case hex with colons: {@code 02:42:ac:11:00:02}. */
  @Override
  public String toString() {
    byte[] buf = new byte[17];
    for (int i = 0; i < 6; i++) {
      int octet = (int) (bits >>> (40 - 8 * i)) & 0xFF;
      buf[3 * i] = (byte) AddressText.hexDigit(octet >>> 4);
      buf[3 * i + 1] = (byte) AddressText.hexDigit(octet);
      if (i < 5) {
        buf[3 * i + 2] = ':';
      }
    }
    return new String(buf, StandardCharsets.ISO_8859_1);
  }
}

package dev.gingham.net;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An IP prefix, or CIDR block: a network address and a prefix length, such as {@code 10.0.0.0/8} or
 * {@code 2001:db8::/32}.
 *
 * <p>The network address never has host bits set: {@link #parse} and {@link #of} reject {@code
 * 10.0.0.1/8} with a message that suggests {@code 10.0.0.0/8}, while {@link #parseMasking} and
 * {@link #ofMasking} clear the host bits, as {@code ip route} does. So two prefixes are equal
 * exactly when they cover the same addresses, and {@link #toString()} is canonical.
 *
 * <p>The addresses of a prefix are numbered from 0 ({@link #first()}) to {@code size() - 1} ({@link
 * #last()}): {@link #address(long)} and {@link #ordinal(IpAddress)} convert between the two, and
 * {@link #subnet(int, long)} numbers the blocks of a longer length the same way, which is how IPAM
 * cuts a pool into blocks.
 *
 * <p>{@link #contains(IpAddress)}, {@link #contains(IpPrefix)}, {@link #overlaps}, {@link
 * #ordinal}, {@code compareTo}, {@code equals} and {@code hashCode} allocate nothing. Instances are
 * immutable and thread-safe.
 */
public final class IpPrefix implements Comparable<IpPrefix> {
  private final IpAddress network;
  private final int length;

  private IpPrefix(IpAddress network, int length) {
    this.network = network;
    this.length = length;
  }

  /** A prefix whose arguments are known to be valid. */
  static IpPrefix trusted(IpAddress network, int length) {
    return new IpPrefix(network, length);
  }

  /**
   * Parses {@code address/length}: an address as {@link IpAddress#parse(CharSequence)} accepts it,
   * a '/', and a decimal length from 0 to 32 (IPv4) or 128 (IPv6) with no sign and no leading zero.
   * The host bits of the address must be zero.
   *
   * @throws IllegalArgumentException if the text is not such a prefix, host bits set included
   *     ({@code host bits set in '10.0.0.1/8' (did you mean 10.0.0.0/8?)}); the message quotes the
   *     text and says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static IpPrefix parse(CharSequence text) {
    return parse(text, false);
  }

  /**
   * Parses {@code address/length} as {@link #parse} does, but clears host bits instead of rejecting
   * them: {@code 10.1.2.3/8} gives {@code 10.0.0.0/8}.
   *
   * @throws IllegalArgumentException if the text is not such a prefix; the message quotes the text
   *     and says what is wrong
   * @throws NullPointerException if {@code text} is null
   */
  public static IpPrefix parseMasking(CharSequence text) {
    return parse(text, true);
  }

  private static IpPrefix parse(CharSequence text, boolean masking) {
    Objects.requireNonNull(text, "text");
    int end = text.length();
    int slash = -1;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '/') {
        slash = i;
        break;
      }
    }
    if (slash < 0) {
      throw AddressText.fail(text, 0, end, "a prefix needs a '/' and a length, as in 10.0.0.0/8");
    }
    IpAddress address = AddressText.parseAddress(text, 0, slash, 0, end);
    int length = parseLength(text, slash + 1, end, address.bitLength());
    if (address.hasHostBits(length)) {
      if (!masking) {
        throw hostBitsSet(text, address, length);
      }
      address = address.clearHostBits(length);
    }
    return new IpPrefix(address, length);
  }

  private static int parseLength(CharSequence s, int start, int end, int max) {
    if (start == end) {
      throw AddressText.fail(s, 0, s.length(), "missing prefix length after '/'");
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw AddressText.fail(
            s,
            0,
            s.length(),
            "a prefix length is decimal digits only, found "
                + AddressText.describe(c)
                + " at index "
                + i);
      }
      value = Math.min(value * 10 + (c - '0'), 1000); // 1000: past any length, without overflow
    }
    if (end - start > 1 && s.charAt(start) == '0') {
      throw AddressText.fail(s, 0, s.length(), "the prefix length has a leading zero");
    }
    if (value > max) {
      throw AddressText.fail(
          s, 0, s.length(), "prefix length " + lengthText(s, start, end) + " is not in 0.." + max);
    }
    return value;
  }

  private static String lengthText(CharSequence s, int start, int end) {
    return end - start > 10
        ? "'" + s.subSequence(start, start + 10) + "...'"
        : "" + s.subSequence(start, end);
  }

  private static IllegalArgumentException hostBitsSet(
      CharSequence text, IpAddress address, int length) {
    return new IllegalArgumentException(
        "host bits set in '"
            + text
            + "' (did you mean "
            + address.clearHostBits(length)
            + "/"
            + length
            + "?)");
  }

  /**
   * The prefix of the given address and length.
   *
   * @throws IllegalArgumentException if the length is not in 0..{@code address.bitLength()}, or if
   *     the address has host bits set (the message suggests the masked prefix)
   */
  public static IpPrefix of(IpAddress address, int length) {
    checkLength(address, length);
    if (address.hasHostBits(length)) {
      throw hostBitsSet(address + "/" + length, address, length);
    }
    return new IpPrefix(address, length);
  }

  /**
   * The prefix of the given length that contains the given address: its host bits are cleared.
   *
   * @throws IllegalArgumentException if the length is not in 0..{@code address.bitLength()}
   */
  public static IpPrefix ofMasking(IpAddress address, int length) {
    checkLength(address, length);
    return new IpPrefix(
        address.hasHostBits(length) ? address.clearHostBits(length) : address, length);
  }

  private static void checkLength(IpAddress address, int length) {
    if (length < 0 || length > address.bitLength()) {
      throw new IllegalArgumentException(
          "prefix length "
              + length
              + " is not in 0.."
              + address.bitLength()
              + " for "
              + address.family()
              + " address "
              + address);
    }
  }

  /** The network address: the first address, whose host bits are zero. */
  public IpAddress network() {
    return network;
  }

  /** The prefix length: the number of leading bits that every address in the prefix shares. */
  public int length() {
    return length;
  }

  /** The family of the network address. */
  public IpFamily family() {
    return network.family();
  }

  /** The number of host bits: {@code bitLength - length}. */
  public int hostBits() {
    return network.bitLength() - length;
  }

  /** The first address, the same as {@link #network()}. */
  public IpAddress first() {
    return network;
  }

  /** The last address: the network address with every host bit set. */
  public IpAddress last() {
    return network.setHostBits(length);
  }

  /** The netmask: {@link #length()} one bits, then zeros ({@code 255.255.255.0} for a /24). */
  public IpAddress netmask() {
    return network.mask(length);
  }

  /**
   * Whether the address is in this prefix. An address of the other family is never in it: this
   * answers false rather than throwing.
   *
   * @throws NullPointerException if {@code address} is null
   */
  public boolean contains(IpAddress address) {
    Objects.requireNonNull(address, "address");
    return network.sharesPrefix(address, length);
  }

  /**
   * Whether every address of {@code other} is in this prefix: {@code other} has the same family, a
   * length at least this one's, and this prefix's leading bits. A prefix contains itself.
   *
   * @throws NullPointerException if {@code other} is null
   */
  public boolean contains(IpPrefix other) {
    return other.length >= length && network.sharesPrefix(other.network, length);
  }

  /**
   * Whether this prefix and {@code other} have an address in common, which for prefixes means that
   * one contains the other. Prefixes of different families never overlap.
   *
   * @throws NullPointerException if {@code other} is null
   */
  public boolean overlaps(IpPrefix other) {
    return network.sharesPrefix(other.network, Math.min(length, other.length));
  }

  /** The number of addresses, 2<sup>{@link #hostBits()}</sup>. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(hostBits());
  }

  /**
   * The number of addresses, 2<sup>{@link #hostBits()}</sup>, as a long.
   *
   * @throws ArithmeticException if that is more than {@link Long#MAX_VALUE}: 63 or more host bits
   */
  public long addressCount() {
    int hostBits = hostBits();
    if (hostBits >= 63) {
      throw new ArithmeticException(
          this + " has 2^" + hostBits + " addresses, more than a long holds; use size()");
    }
    return 1L << hostBits;
  }

  /**
   * The address at the given offset from the network address: {@code address(0)} is {@link
   * #first()}, {@code address(size() - 1)} is {@link #last()}.
   *
   * @throws IllegalArgumentException if {@code ordinal} is negative or not less than the size; the
   *     message names the prefix and the ordinal
   */
  public IpAddress address(long ordinal) {
    int hostBits = hostBits();
    if (ordinal < 0 || (hostBits < 63 && ordinal >= 1L << hostBits)) {
      throw new IllegalArgumentException(
          "ordinal " + ordinal + " is not in " + this + ", which has " + size() + " addresses");
    }
    return network.withHostBits(ordinal);
  }

  /**
   * The offset of an address from the network address, the inverse of {@link #address(long)}.
   * Allocates nothing.
   *
   * @throws IllegalArgumentException if the address is not in this prefix (other family included)
   * @throws ArithmeticException if the offset is more than {@link Long#MAX_VALUE}, which only an
   *     IPv6 prefix shorter than /65 allows
   * @throws NullPointerException if {@code address} is null
   */
  public long ordinal(IpAddress address) {
    if (!contains(address)) {
      throw new IllegalArgumentException(address + " is not in " + this);
    }
    long ordinal = network.hostBitsOf(address, length);
    if (ordinal < 0) {
      throw new ArithmeticException(
          "the ordinal of " + address + " in " + this + " is more than a long holds");
    }
    return ordinal;
  }

  /**
   * The number of prefixes of length {@code newLength} in this one, 2<sup>{@code newLength -
   * length()}</sup>: a /16 has 1024 /26 blocks.
   *
   * @throws IllegalArgumentException if {@code newLength} is less than {@link #length()} or more
   *     than the address width
   * @throws ArithmeticException if the count is more than {@link Long#MAX_VALUE}
   */
  public long subnetCount(int newLength) {
    int bits = checkSubnetLength(newLength);
    if (bits >= 63) {
      throw new ArithmeticException(
          this + " has 2^" + bits + " subnets of length " + newLength + ", more than a long holds");
    }
    return 1L << bits;
  }

  /**
   * The subnet of length {@code newLength} with the given index: subnet 0 starts at the network
   * address, subnet {@code subnetCount(newLength) - 1} ends at the last address.
   *
   * @throws IllegalArgumentException if {@code newLength} is less than {@link #length()} or more
   *     than the address width, or if {@code index} is negative or not less than the subnet count
   */
  public IpPrefix subnet(int newLength, long index) {
    int bits = checkSubnetLength(newLength);
    if (index < 0 || (bits < 63 && index >= 1L << bits)) {
      throw new IllegalArgumentException(
          "subnet index "
              + index
              + " is not in "
              + this
              + ", which has 2^"
              + bits
              + " subnets of length "
              + newLength);
    }
    return new IpPrefix(network.plusShifted(index, network.bitLength() - newLength), newLength);
  }

  /**
   * The subnets of length {@code newLength}, in order, produced lazily. {@code subnets(length())}
   * is this prefix alone.
   *
   * @throws IllegalArgumentException if {@code newLength} is less than {@link #length()} or more
   *     than the address width
   */
  public Stream<IpPrefix> subnets(int newLength) {
    int bits = checkSubnetLength(newLength);
    int shift = network.bitLength() - newLength;
    if (bits < 63) {
      return LongStream.range(0, 1L << bits)
          .mapToObj(i -> new IpPrefix(network.plusShifted(i, shift), newLength));
    }
    // More subnets than a long can count: walk from one to the next instead of indexing.
    IpAddress lastNetwork = last().clearHostBits(newLength);
    Spliterator<IpPrefix> walk =
        new Spliterators.AbstractSpliterator<IpPrefix>(
            Long.MAX_VALUE,
            Spliterator.ORDERED
                | Spliterator.DISTINCT
                | Spliterator.NONNULL
                | Spliterator.IMMUTABLE) {
          private IpAddress next = network;
          private boolean done;

          @Override
          public boolean tryAdvance(Consumer<? super IpPrefix> action) {
            if (done) {
              return false;
            }
            IpAddress current = next;
            if (current.equals(lastNetwork)) {
              done = true;
            } else {
              next = current.setHostBits(newLength).next();
            }
            action.accept(new IpPrefix(current, newLength));
            return true;
          }
        };
    return StreamSupport.stream(walk, false);
  }

  /** Checks a subnet length and returns the number of subnet bits. */
  private int checkSubnetLength(int newLength) {
    if (newLength < length || newLength > network.bitLength()) {
      throw new IllegalArgumentException(
          "subnet length "
              + newLength
              + " is not in "
              + length
              + ".."
              + network.bitLength()
              + " for "
              + this);
    }
    return newLength - length;
  }

  /**
   * Orders by family (IPv4 first), then network address, then length: a prefix sorts before the
   * longer prefixes that it contains. Consistent with {@link #equals}.
   */
  @Override
  public int compareTo(IpPrefix other) {
    int c = network.compareTo(other.network);
    return c != 0 ? c : Integer.compare(length, other.length);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IpPrefix)) {
      return false;
    }
    IpPrefix other = (IpPrefix) o;
    return length == other.length && network.equals(other.network);
  }

  @Override
  public int hashCode() {
    return 31 * network.hashCode() + length;
  }

  /** The canonical text: the network address, '/', the length ({@code 2001:db8::/32}). */
  @Override
  public String toString() {
    return network + "/" + length;
  }
}

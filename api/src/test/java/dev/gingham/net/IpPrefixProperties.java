package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Prefixes against a BigInteger model and the IPAddress library. */
class IpPrefixProperties {
  /** A prefix and an address that is inside it about half of the time. */
  record PrefixAndAddress(IpPrefix prefix, IpAddress address) {}

  @Provide
  Arbitrary<IpPrefix> prefixes() {
    return NetArbitraries.prefixes();
  }

  @Provide
  Arbitrary<PrefixAndAddress> prefixAndAddress() {
    Arbitrary<BigInteger> fraction =
        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(128));
    return Combinators.combine(
            NetArbitraries.prefixes(), fraction, NetArbitraries.addresses(), Arbitraries.integers())
        .as(
            (prefix, random, other, pick) -> {
              switch (Math.floorMod(pick, 4)) {
                case 0:
                case 1:
                  // Inside: the network plus a random offset below the size.
                  BigInteger offset = random.mod(prefix.size());
                  return new PrefixAndAddress(
                      prefix,
                      Oracles.address(
                          prefix.family(), Oracles.value(prefix.network()).add(offset)));
                case 2:
                  // Just outside, or just inside, an end.
                  BigInteger edge =
                      random.testBit(0)
                          ? Oracles.value(prefix.network()).subtract(BigInteger.ONE)
                          : Oracles.value(prefix.network()).add(prefix.size());
                  if (random.testBit(1)) {
                    edge =
                        random.testBit(0)
                            ? edge.add(BigInteger.ONE)
                            : edge.subtract(BigInteger.ONE);
                  }
                  if (edge.signum() < 0 || edge.compareTo(Oracles.limit(prefix.family())) >= 0) {
                    return new PrefixAndAddress(prefix, other);
                  }
                  return new PrefixAndAddress(prefix, Oracles.address(prefix.family(), edge));
                default:
                  return new PrefixAndAddress(prefix, other);
              }
            });
  }

  private static boolean modelContains(IpPrefix prefix, IpAddress address) {
    if (prefix.family() != address.family()) {
      return false;
    }
    BigInteger v = Oracles.value(address);
    BigInteger first = Oracles.value(prefix.network());
    return v.compareTo(first) >= 0 && v.compareTo(first.add(prefix.size())) < 0;
  }

  @Property(tries = 5_000)
  @Label("contains(address) is range membership, as IPAddress says too")
  void containsAddress(@ForAll("prefixAndAddress") PrefixAndAddress pa) {
    boolean expected = modelContains(pa.prefix(), pa.address());
    Statistics.collect(expected ? "inside" : "outside");

    assertThat(pa.prefix().contains(pa.address())).isEqualTo(expected);
    if (pa.prefix().family() == pa.address().family()) {
      inet.ipaddr.IPAddress block =
          Oracles.ipAddressOf(pa.prefix().network()).toPrefixBlock(pa.prefix().length());
      assertThat(block.contains(Oracles.ipAddressOf(pa.address()))).isEqualTo(expected);
    }
  }

  @Property(tries = 5_000)
  @Label("ordinal and address are each other's inverse and agree with BigInteger")
  void ordinalAndAddress(@ForAll("prefixAndAddress") PrefixAndAddress pa) {
    IpPrefix prefix = pa.prefix();
    IpAddress address = pa.address();
    if (!modelContains(prefix, address)) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> prefix.ordinal(address))
          .withMessageContaining(address.toString())
          .withMessageContaining(prefix.toString());
      return;
    }
    BigInteger expected = Oracles.value(address).subtract(Oracles.value(prefix.network()));
    if (expected.bitLength() > 63) {
      assertThatThrownBy(() -> prefix.ordinal(address))
          .isExactlyInstanceOf(ArithmeticException.class);
      return;
    }
    long ordinal = prefix.ordinal(address);
    assertThat(ordinal).isEqualTo(expected.longValueExact());
    assertThat(prefix.address(ordinal)).isEqualTo(address);
    inet.ipaddr.IPAddress block =
        Oracles.ipAddressOf(prefix.network()).toPrefixBlock(prefix.length());
    assertThat(block.enumerate(Oracles.ipAddressOf(address))).isEqualTo(expected);
  }

  @Property(tries = 5_000)
  @Label("address(n) is network + n for n below the size, and rejects the rest")
  void addressByOrdinal(@ForAll("prefixes") IpPrefix prefix, @ForAll("ordinals") long ordinal) {
    BigInteger n = BigInteger.valueOf(ordinal);
    if (ordinal < 0 || n.compareTo(prefix.size()) >= 0) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> prefix.address(ordinal))
          .withMessageContaining(prefix.toString())
          .withMessageContaining(Long.toString(ordinal));
      return;
    }
    IpAddress address = prefix.address(ordinal);
    assertThat(Oracles.value(address)).isEqualTo(Oracles.value(prefix.network()).add(n));
    assertThat(prefix.contains(address)).isTrue();
    assertThat(prefix.ordinal(address)).isEqualTo(ordinal);
  }

  @Provide
  Arbitrary<Long> ordinals() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-2, 300),
        Arbitraries.longs(),
        Arbitraries.integers().between(0, 62).map(b -> 1L << b),
        Arbitraries.integers().between(0, 62).map(b -> (1L << b) - 1),
        NetArbitraries.edgeLongs());
  }

  @Property(tries = 3_000)
  @Label("first, last, netmask, size and addressCount agree with IPAddress")
  void bounds(@ForAll("prefixes") IpPrefix prefix) {
    inet.ipaddr.IPAddress block =
        Oracles.ipAddressOf(prefix.network()).toPrefixBlock(prefix.length());

    assertThat(prefix.first()).isEqualTo(prefix.network());
    assertThat(prefix.first().toBytes()).isEqualTo(block.getLower().getBytes());
    assertThat(prefix.last().toBytes()).isEqualTo(block.getUpper().getBytes());
    assertThat(prefix.size()).isEqualTo(block.getCount());
    assertThat(prefix.hostBits()).isEqualTo(prefix.family().bits() - prefix.length());
    assertThat(prefix.netmask().toBytes()).isEqualTo(block.getNetworkMask().getBytes());
    if (prefix.hostBits() < 63) {
      assertThat(prefix.addressCount()).isEqualTo(prefix.size().longValueExact());
    } else {
      assertThatThrownBy(prefix::addressCount).isExactlyInstanceOf(ArithmeticException.class);
    }
    assertThat(prefix.contains(prefix.first())).isTrue();
    assertThat(prefix.contains(prefix.last())).isTrue();
  }

  @Property(tries = 3_000)
  @Label("text round-trips: toString is network/length and parses back")
  void text(@ForAll("prefixes") IpPrefix prefix) {
    String text = prefix.toString();

    assertThat(text).isEqualTo(prefix.network() + "/" + prefix.length());
    assertThat(IpPrefix.parse(text)).isEqualTo(prefix);
    assertThat(IpPrefix.parseMasking(text)).isEqualTo(prefix);
    assertThat(Oracles.lenientIpAddress(text).toPrefixBlock().getLower().getBytes())
        .isEqualTo(prefix.network().toBytes());
  }

  @Property(tries = 3_000)
  @Label("strict constructors reject host bits and masking constructors clear them")
  void masking(@ForAll("addresses") IpAddress address, @ForAll("lengths") int rawLength) {
    int length = Math.min(rawLength, address.bitLength());
    BigInteger hostMask =
        BigInteger.ONE.shiftLeft(address.bitLength() - length).subtract(BigInteger.ONE);
    BigInteger network = Oracles.value(address).andNot(hostMask);
    boolean hostBitsSet = !network.equals(Oracles.value(address));
    Statistics.collect(hostBitsSet ? "host bits set" : "clean");

    IpPrefix masked = IpPrefix.ofMasking(address, length);
    assertThat(Oracles.value(masked.network())).isEqualTo(network);
    assertThat(masked.length()).isEqualTo(length);
    assertThat(IpPrefix.parseMasking(address + "/" + length)).isEqualTo(masked);
    assertThat(masked.contains(address)).isTrue();
    if (hostBitsSet) {
      String expectedHint = "(did you mean " + masked + "?)";
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpPrefix.of(address, length))
          .withMessage("host bits set in '" + address + "/" + length + "' " + expectedHint);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpPrefix.parse(address + "/" + length))
          .withMessage("host bits set in '" + address + "/" + length + "' " + expectedHint);
    } else {
      assertThat(IpPrefix.of(address, length)).isEqualTo(masked);
      assertThat(IpPrefix.parse(address + "/" + length)).isEqualTo(masked);
    }
  }

  @Provide
  Arbitrary<IpAddress> addresses() {
    return NetArbitraries.addresses();
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.integers().between(0, 128);
  }

  @Property(tries = 5_000)
  @Label("contains(prefix) and overlaps(prefix) are range inclusion and intersection")
  void prefixRelations(@ForAll("relatedPrefixes") List<IpPrefix> pair) {
    IpPrefix a = pair.get(0);
    IpPrefix b = pair.get(1);
    boolean sameFamily = a.family() == b.family();
    BigInteger aFirst = Oracles.value(a.network());
    BigInteger aEnd = aFirst.add(a.size());
    BigInteger bFirst = Oracles.value(b.network());
    BigInteger bEnd = bFirst.add(b.size());
    boolean contains = sameFamily && aFirst.compareTo(bFirst) <= 0 && bEnd.compareTo(aEnd) <= 0;
    boolean overlaps = sameFamily && aFirst.compareTo(bEnd) < 0 && bFirst.compareTo(aEnd) < 0;
    Statistics.collect(contains ? "contains" : overlaps ? "overlaps" : "disjoint");

    assertThat(a.contains(b)).isEqualTo(contains);
    assertThat(a.overlaps(b)).isEqualTo(overlaps).isEqualTo(b.overlaps(a));
    if (sameFamily) {
      inet.ipaddr.IPAddress ia = Oracles.ipAddressOf(a.network()).toPrefixBlock(a.length());
      inet.ipaddr.IPAddress ib = Oracles.ipAddressOf(b.network()).toPrefixBlock(b.length());
      assertThat(ia.contains(ib)).isEqualTo(contains);
      assertThat(ia.overlaps(ib)).isEqualTo(overlaps);
    }
  }

  @Provide
  Arbitrary<List<IpPrefix>> relatedPrefixes() {
    // Often one prefix is derived from the other, so that containment happens.
    Arbitrary<List<IpPrefix>> derived =
        Combinators.combine(NetArbitraries.prefixes(), Arbitraries.integers().between(0, 128))
            .as(
                (p, l) -> {
                  IpPrefix q = IpPrefix.ofMasking(p.network(), Math.min(l, p.family().bits()));
                  return l % 2 == 0 ? List.of(p, q) : List.of(q, p);
                });
    return Arbitraries.oneOf(derived, NetArbitraries.prefixes().list().ofSize(2));
  }

  @Property(tries = 3_000)
  @Label("subnet(newLength, i) is network + i * 2^(bits - newLength), in the prefix")
  void subnets(
      @ForAll("prefixes") IpPrefix prefix,
      @ForAll("lengths") int extra,
      @ForAll("ordinals") long index) {
    int newLength = prefix.length() + extra % (prefix.hostBits() + 1);
    int bits = newLength - prefix.length();
    BigInteger count = BigInteger.ONE.shiftLeft(bits);
    if (bits < 63) {
      assertThat(prefix.subnetCount(newLength)).isEqualTo(count.longValueExact());
    } else {
      assertThatThrownBy(() -> prefix.subnetCount(newLength))
          .isExactlyInstanceOf(ArithmeticException.class);
    }
    if (index < 0 || BigInteger.valueOf(index).compareTo(count) >= 0) {
      assertThatIllegalArgumentException().isThrownBy(() -> prefix.subnet(newLength, index));
      return;
    }
    IpPrefix subnet = prefix.subnet(newLength, index);
    BigInteger expected =
        Oracles.value(prefix.network())
            .add(BigInteger.valueOf(index).shiftLeft(prefix.family().bits() - newLength));
    assertThat(Oracles.value(subnet.network())).isEqualTo(expected);
    assertThat(subnet.length()).isEqualTo(newLength);
    assertThat(prefix.contains(subnet)).isTrue();
    assertThat(subnet.overlaps(prefix)).isTrue();
    // The first subnets of the stream are the first indices.
    assertThat(prefix.subnets(newLength).findFirst()).contains(prefix.subnet(newLength, 0));
  }

  @Property(tries = 500)
  @Label("subnets(newLength) lists every subnet in order, tiling the prefix")
  void subnetStream(@ForAll("prefixes") IpPrefix prefix, @ForAll("smallSplit") int anySplit) {
    int split = Math.min(anySplit, prefix.hostBits());
    int newLength = prefix.length() + split;
    List<IpPrefix> subnets = prefix.subnets(newLength).collect(Collectors.toList());

    assertThat(subnets).hasSize(1 << split).isSorted();
    for (int i = 0; i < subnets.size(); i++) {
      assertThat(subnets.get(i)).isEqualTo(prefix.subnet(newLength, i));
    }
    assertThat(subnets.get(0).first()).isEqualTo(prefix.first());
    assertThat(subnets.get(subnets.size() - 1).last()).isEqualTo(prefix.last());
    for (int i = 1; i < subnets.size(); i++) {
      assertThat(subnets.get(i).first()).isEqualTo(subnets.get(i - 1).last().next());
    }
  }

  @Provide
  Arbitrary<Integer> smallSplit() {
    return Arbitraries.integers().between(0, 8);
  }

  @Property(tries = 3_000)
  @Label("compareTo is family, network, length; consistent with equals and hashCode")
  void ordering(@ForAll("prefixes") IpPrefix a, @ForAll("prefixes") IpPrefix b) {
    int expected = a.network().compareTo(b.network());
    if (expected == 0) {
      expected = Integer.compare(a.length(), b.length());
    }
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
    assertThat(a.equals(b)).isEqualTo(expected == 0);
    IpPrefix copy = IpPrefix.parse(a.toString());
    assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
  }
}

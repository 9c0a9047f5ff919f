package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.Aggregator;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.AsPathSegment;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.UnknownAttribute;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of BGP values, shared by the codec properties of the wire and MRT. */
public final class BgpArbitraries {
  private BgpArbitraries() {}

  public static Arbitrary<Long> asn(boolean fourOctet) {
    return fourOctet
        ? Arbitraries.longs().between(1, 0xFFFF_FFFFL)
        : Arbitraries.longs().between(1, 0xFFFF);
  }

  public static Arbitrary<AsPath> paths(Arbitrary<Long> asns) {
    Arbitrary<AsPathSegment> segment =
        Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.values()), asns.list().ofMinSize(1).ofMaxSize(8))
            .as((t, l) -> AsPathSegment.of(t, l.stream().mapToLong(Long::longValue).toArray()));
    return segment.list().ofMaxSize(4).map(AsPath::of);
  }

  public static Arbitrary<Ipv4Address> unicastV4() {
    return Arbitraries.longs()
        .between(0x01000000L, 0xDFFFFFFFL)
        .map(v -> Ipv4Address.of((int) (long) v));
  }

  public static Arbitrary<PathAttributes> attributes(boolean fourOctet, boolean internal) {
    Arbitrary<Long> asns = asn(true);
    Arbitrary<UnknownAttribute> unknown =
        Combinators.combine(
                Arbitraries.integers().between(100, 200),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
            .as((type, value) -> UnknownAttribute.of(0xE0, type, value));
    Arbitrary<PathAttributes.Builder> base =
        Combinators.combine(
                Arbitraries.of(Origin.values()),
                paths(asns),
                unicastV4(),
                Arbitraries.longs().between(-1, 0xFFFF_FFFFL),
                Arbitraries.longs().between(-1, 0xFFFF_FFFFL),
                Arbitraries.of(true, false),
                Arbitraries.integers().map(Community::of).list().ofMaxSize(5),
                Combinators.combine(
                        Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers())
                    .as(LargeCommunity::ofBits)
                    .list()
                    .ofMaxSize(3))
            .as(
                (origin, path, nh, med, lp, atomic, communities, large) -> {
                  PathAttributes.Builder b =
                      PathAttributes.builder()
                          .origin(origin)
                          .asPath(path)
                          .nextHop(nh)
                          .atomicAggregate(atomic)
                          .communities(communities)
                          .largeCommunities(large);
                  if (med >= 0) {
                    b.med(med);
                  }
                  if (internal && lp >= 0) {
                    b.localPref(lp);
                  }
                  return b;
                });
    return Combinators.combine(
            base,
            Combinators.combine(asns, unicastV4()).as(Aggregator::new).injectNull(0.5),
            unicastV4().injectNull(0.5),
            unicastV4().list().ofMaxSize(3),
            unknown.list().ofMaxSize(2).uniqueElements(UnknownAttribute::type))
        .as(
            (b, agg, originator, clusters, unk) -> {
              b.aggregator(agg).unknown(unk);
              if (internal) {
                b.originatorId(originator).clusterList(clusters);
              }
              PathAttributes a = b.build();
              // RFC 6793 4.2.3: AS4_PATH is ignored beside a real 2-octet AGGREGATOR.
              if (!fourOctet
                  && agg != null
                  && agg.asn() <= 0xFFFF
                  && AsPathCodec.needsAs4Path(a.asPath())) {
                a = a.toBuilder().aggregator(null).build();
              }
              return a;
            });
  }

  /** IPv4 prefixes, host bits cleared. */
  public static Arbitrary<IpPrefix> ipv4Prefix() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
        .as((a, l) -> IpPrefix.ofMasking(Ipv4Address.of(a), l));
  }

  /** IPv6 prefixes, host bits cleared. */
  public static Arbitrary<IpPrefix> ipv6Prefix() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
        .as((h, l, len) -> IpPrefix.ofMasking(Ipv6Address.of(h, l), len));
  }

  /** IPv6 next hops. */
  public static Arbitrary<Ipv6Address> ipv6() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::of);
  }
}

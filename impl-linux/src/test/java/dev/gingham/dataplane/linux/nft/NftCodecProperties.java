package dev.gingham.dataplane.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The element codec, the netlink answer reader and the {@code nft -j} reader: round trips of random
 * valid values, and garbage that must fail with IllegalArgumentException (or, for the kernel's
 * answers, IllegalStateException) and nothing else.
 */
class NftCodecProperties {
  private static final List<String> TYPES =
      List.of(
          "ipv4_addr",
          "ifname",
          "inet_service",
          "ifname . ipv4_addr",
          "inet_proto . inet_service",
          "ipv4_addr . inet_proto . inet_service");

  @Provide
  Arbitrary<String> ipv4() {
    return Arbitraries.integers()
        .between(0, 255)
        .list()
        .ofSize(4)
        .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3));
  }

  @Provide
  Arbitrary<String> ifname() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .withChars("-_.")
        .ofMinLength(1)
        .ofMaxLength(15)
        .map(s -> "\"" + s + "\"");
  }

  private Arbitrary<String> field(String type) {
    switch (type) {
      case "ipv4_addr":
        return ipv4();
      case "ifname":
        return ifname();
      case "inet_proto":
        return Arbitraries.of("tcp", "udp", "sctp", "udplite", "icmp", "47");
      default:
        return Arbitraries.integers().between(0, 65535).map(String::valueOf);
    }
  }

  record Keyed(String type, String key) {}

  @Provide
  Arbitrary<Keyed> keyed() {
    return Arbitraries.of(TYPES)
        .flatMap(
            t -> {
              String[] parts = t.split(" \\. ");
              Arbitrary<List<String>> fields = Arbitraries.just(new ArrayList<String>());
              for (String p : parts) {
                fields =
                    Combinators.combine(fields, field(p))
                        .as(
                            (l, f) -> {
                              List<String> n = new ArrayList<>(l);
                              n.add(f);
                              return n;
                            });
              }
              return fields.map(l -> new Keyed(t, String.join(" . ", l)));
            });
  }

  @Property(tries = 3000)
  @Label("encode then decode gives the element back")
  void elementsRoundTrip(@ForAll("keyed") Keyed k) {
    List<NftElementCodec.KernelElement> e = NftElementCodec.encode(k.type(), false, k.key(), null);
    assertThat(e).hasSize(1);
    assertThat(NftElementCodec.decode(k.type(), e.get(0).key())).isEqualTo(k.key());
  }

  @Property(tries = 2000)
  @Label(
      "an interval element is its first address and, unless it ends the space, the next after it")
  void intervals(@ForAll("ipv4") String address, @ForAll @IntRange(min = 0, max = 32) int length) {
    dev.gingham.net.IpPrefix p =
        dev.gingham.net.IpPrefix.ofMasking(dev.gingham.net.IpAddress.parse(address), length);
    List<NftElementCodec.KernelElement> e =
        NftElementCodec.encode("ipv4_addr", true, p.toString(), "accept");
    assertThat(e.get(0).key()).isEqualTo(p.first().toBytes());
    assertThat(e.get(0).verdict()).isEqualTo(NftElementCodec.NF_ACCEPT);
    if (p.last().toString().equals("255.255.255.255")) {
      assertThat(e).hasSize(1);
    } else {
      assertThat(e).hasSize(2);
      assertThat(e.get(1).key()).isEqualTo(p.last().next().toBytes());
      assertThat(e.get(1).flags()).isEqualTo(NftElementCodec.INTERVAL_END);
    }
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789.\" -/abcgwtcpudp:").ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(20),
        keyed().map(k -> k.key().substring(0, k.key().length() / 2)),
        keyed().map(k -> k.key() + " . 1"));
  }

  @Property(tries = 10_000)
  @Label("garbage elements and verdicts fail with IllegalArgumentException naming them")
  void garbageElements(
      @ForAll("garbage") String key,
      @ForAll("types") String type,
      @ForAll boolean interval,
      @ForAll("verdicts") String verdict) {
    boolean ok = NftElementCodec.supports(type, interval ? List.of("interval") : List.of(), null);
    if (!ok) {
      return;
    }
    try {
      NftElementCodec.encode(type, interval, key, verdict.isEmpty() ? null : verdict);
      Statistics.collect("accepted");
    } catch (IllegalArgumentException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.of(TYPES);
  }

  @Provide
  Arbitrary<String> verdicts() {
    return Arbitraries.of(
        "", "accept", "drop", "goto we", "jump x", "goto", "goto a b", "allow", "return");
  }

  @Property(tries = 3000)
  @Label("nft -j output: garbage fails with IllegalArgumentException; listings are read")
  void nftJsonGarbage(@ForAll("json") String json) {
    try {
      FilterTable t = NftJson.parse(json, FilterFamily.INET, "gingham");
      Statistics.collect("read");
      assertThat(t.family()).isEqualTo(FilterFamily.INET);
    } catch (IllegalArgumentException e) {
      Statistics.collect("rejected");
      assertThat(e.getMessage()).contains("nft -j output");
    }
  }

  private static final String VALID =
      "{\"nftables\": [{\"metainfo\": {\"json_schema_version\": 1}},"
          + " {\"table\": {\"family\": \"inet\", \"name\": \"gingham\", \"handle\": 1}},"
          + " {\"chain\": {\"family\": \"inet\", \"table\": \"gingham\", \"name\": \"input\", \"handle\": 2,"
          + " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}},"
          + " {\"rule\": {\"family\": \"inet\", \"table\": \"gingham\", \"chain\": \"input\", \"handle\": 3,"
          + " \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}},"
          + " \"right\": \"@wl-ifaces\"}}, {\"goto\": {\"target\": \"we\"}}]}},"
          + " {\"set\": {\"family\": \"inet\", \"name\": \"s\", \"table\": \"gingham\", \"type\": \"ipv4_addr\","
          + " \"handle\": 4, \"flags\": [\"interval\"], \"elem\": [\"10.0.0.1\", {\"prefix\": {\"addr\": \"10.1.0.0\", \"len\": 16}}]}},"
          + " {\"map\": {\"family\": \"inet\", \"name\": \"m\", \"table\": \"gingham\", \"type\": \"ifname\","
          + " \"map\": \"verdict\", \"handle\": 5, \"elem\": [[\"gw1\", {\"goto\": {\"target\": \"we\"}}]]}}]}";

  @Provide
  Arbitrary<String> json() {
    return Arbitraries.oneOf(
        Arbitraries.just(VALID),
        Arbitraries.integers().between(0, VALID.length()).map(i -> VALID.substring(0, i)),
        Arbitraries.integers()
            .between(0, VALID.length() - 1)
            .map(i -> VALID.substring(0, i) + VALID.substring(i + 1)),
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.of(
            "{}",
            "[]",
            "null",
            "{\"nftables\": {}}",
            "{\"nftables\": [1, \"x\", null]}",
            "{\"nftables\": [{\"chain\": 1}]}",
            "{\"nftables\": [{\"rule\": {\"chain\": \"c\"}}]}",
            "{\"nftables\": [{\"set\": {\"name\": \"s\", \"type\": [1], \"elem\": [{\"x\": 1}]}}]}",
            "{\"nftables\": [{\"map\": {\"name\": \"m\", \"type\": \"ifname\", \"map\": \"verdict\", \"elem\": [1]}}]}"));
  }

  @org.junit.jupiter.api.Test
  void aListingReadsAsExpected() {
    FilterTable t = NftJson.parse(VALID, FilterFamily.INET, "gingham");
    assertThat(t.chains()).hasSize(1);
    assertThat(t.elements())
        .containsEntry(
            "s",
            List.of(
                new dev.gingham.spi.dataplane.filter.FilterObject.Element("s", "10.0.0.1", null),
                new dev.gingham.spi.dataplane.filter.FilterObject.Element(
                    "s", "10.1.0.0/16", null)))
        .containsEntry(
            "m",
            List.of(
                new dev.gingham.spi.dataplane.filter.FilterObject.Element(
                    "m", "\"gw1\"", "goto we")));
    assertThat(t.rules().get("input").get(0).body()).isEqualTo("meta iifname @wl-ifaces goto we");
    assertThat(Map.copyOf(t.rules())).hasSize(1);
  }
}

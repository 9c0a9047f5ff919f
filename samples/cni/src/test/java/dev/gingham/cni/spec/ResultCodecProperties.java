package dev.gingham.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Results written in every version read back to the same result (less what a version cannot carry),
 * and the reader fed garbage, mutations and truncations fails only with a decoding error.
 */
class ResultCodecProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 500)
  void writtenResultsReadBack(
      @ForAll("results") CniResult result, @ForAll("versions") CniVersion v) {
    JsonNode written = ResultCodec.encode(result, v);
    assertThat(written.get("cniVersion").asText()).isEqualTo(v.toString());
    CniResult read = ResultCodec.decode(written, "result");
    CniResult expected = result;
    if (!v.atLeast(CniVersion.V1_1_0)) {
      List<CniResult.Interface> ifs = new ArrayList<>();
      for (CniResult.Interface i : result.interfaces()) {
        ifs.add(new CniResult.Interface(i.name(), i.mac(), 0, i.sandbox()));
      }
      expected = new CniResult(ifs, result.ips(), result.routes(), result.dns());
    }
    assertThat(read).isEqualTo(expected);
    for (JsonNode ip : written.path("ips")) {
      assertThat(ip.has("version")).isEqualTo(!v.atLeast(CniVersion.V1_0_0));
    }
  }

  @Property(tries = 1000)
  void garbageFailsOnlyAsADecodingError(@ForAll("json") String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return; // not JSON at all: the configuration reader's concern
    }
    if (node == null) {
      return;
    }
    try {
      ResultCodec.decode(node, "prevResult");
    } catch (CniException e) {
      assertThat(e.code()).isEqualTo(ErrorCodes.DECODING_FAILURE);
      assertThat(e.getMessage()).startsWith("prevResult");
    }
  }

  @Property(tries = 1000)
  void mutatedResultsFailOnlyAsADecodingError(
      @ForAll("results") CniResult result,
      @ForAll @IntRange(min = 0, max = 5000) int at,
      @ForAll char c) {
    String text = ResultCodec.encode(result, CniVersion.V0_4_0).toString();
    int i = at % text.length();
    garbageFailsOnlyAsADecodingError(text.substring(0, i) + c + text.substring(i + 1));
  }

  @Property(tries = 300)
  void plusShiftsTheInterfaceIndexes(
      @ForAll("results") CniResult a, @ForAll("results") CniResult b) {
    CniResult sum = a.plus(b);
    assertThat(sum.interfaces()).hasSize(a.interfaces().size() + b.interfaces().size());
    for (int i = 0; i < b.ips().size(); i++) {
      Integer was = b.ips().get(i).interfaceIndex();
      Integer now = sum.ips().get(a.ips().size() + i).interfaceIndex();
      assertThat(now).isEqualTo(was == null ? null : was + a.interfaces().size());
    }
  }

  @Provide
  Arbitrary<CniVersion> versions() {
    return Arbitraries.of(CniVersion.SUPPORTED);
  }

  @Provide
  Arbitrary<String> json() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"ips\"",
            "\"interfaces\"",
            "\"routes\"",
            "\"dns\"",
            "\"address\"",
            "\"10.0.0.1/32\"",
            "\"::1/200\"",
            "\"gateway\"",
            "\"interface\"",
            "0",
            "-1",
            "7",
            "\"x\"",
            "null",
            "true",
            "\"dst\"",
            "\"gw\"",
            "\"name\"",
            "\"mtu\"",
            "\"version\"",
            "\"4\"",
            "\"6\"",
            "\"nameservers\"",
            "1e9",
            "\"mac\"");
    return tokens.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<CniResult> results() {
    Arbitrary<IpAddress> addresses =
        Arbitraries.oneOf(
            Arbitraries.integers().map(i -> (IpAddress) Ipv4Address.of(i)),
            Arbitraries.longs().map(l -> (IpAddress) Ipv6Address.of(0xfd00L << 48, l)));
    Arbitrary<CniResult.Interface> ifs =
        Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(15),
                Arbitraries.of("", "ee:ee:ee:ee:ee:ee", "02:00:00:00:00:01"),
                Arbitraries.integers().between(0, 9000),
                Arbitraries.of("", "/run/netns/p1"))
            .as(CniResult.Interface::new);
    return Combinators.combine(
            ifs.list().ofMinSize(1).ofMaxSize(3),
            addresses.list().ofMaxSize(3),
            addresses.list().ofMaxSize(2),
            Arbitraries.of("", "cluster.local"))
        .as(
            (interfaces, ips, gws, domain) -> {
              List<CniResult.IpConfig> configs = new ArrayList<>();
              for (int i = 0; i < ips.size(); i++) {
                IpAddress a = ips.get(i);
                configs.add(
                    new CniResult.IpConfig(
                        a,
                        a.bitLength() - i,
                        i < gws.size() && gws.get(i).family() == a.family() ? gws.get(i) : null,
                        i % 2 == 0 ? i % interfaces.size() : null));
              }
              List<CniResult.RouteEntry> routes = new ArrayList<>();
              for (IpAddress g : gws) {
                routes.add(new CniResult.RouteEntry(IpPrefix.ofMasking(g, g.bitLength() / 2), g));
              }
              return new CniResult(
                  interfaces,
                  configs,
                  routes,
                  new CniResult.Dns(List.of("10.0.0.10"), domain, List.of(), List.of("ndots:5")));
            });
  }
}

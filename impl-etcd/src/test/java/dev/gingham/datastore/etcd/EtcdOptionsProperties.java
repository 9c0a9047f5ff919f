package dev.gingham.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties of the URI parser: what it accepts it reads exactly; anything else, it says why. */
class EtcdOptionsProperties {

  @Property(tries = 2_000)
  void garbageIsEitherAcceptedOrRefusedWithIllegalArgument(@ForAll("garbage") String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return; // Not a URI at all: Datastores.open reports that before any provider sees it.
    }
    try {
      EtcdOptions options = EtcdOptions.parse(uri);
      assertThat(options.endpoints()).isNotEmpty();
      assertThat(options.requestTimeout()).isPositive();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 500)
  void memberListsReadBackExactly(
      @ForAll("members") @Size(min = 1, max = 5) List<Endpoint> members) {
    List<Endpoint> distinct = members.stream().distinct().collect(Collectors.toList());
    // java.net.URI takes brackets only around the single host of a server-based authority: in a
    // list of members, they are written percent-encoded.
    String text =
        "etcd://"
            + distinct.stream()
                .map(e -> distinct.size() == 1 ? e.toString() : encodeBrackets(e.toString()))
                .collect(Collectors.joining(","));

    EtcdOptions options = EtcdOptions.parse(URI.create(text));

    assertThat(options.endpoints()).isEqualTo(distinct);
    assertThat(options.tls()).isFalse();
  }

  @Property(tries = 500)
  void aPasswordNeverAppearsInAnError(
      @ForAll("passwords") String password, @ForAll("badOptions") String bad) {
    String text = "etcd://127.0.0.1:2379?user=u&password=" + password + "&" + bad;
    try {
      EtcdOptions.parse(URI.create(text));
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).doesNotContain(password);
      return;
    }
    throw new AssertionError("accepted " + text);
  }

  private static String encodeBrackets(String s) {
    return s.replace("[", "%5B").replace("]", "%5D");
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(60);
    Arbitrary<String> uriish =
        Arbitraries.strings()
            .withChars("etcdsabc:/@?&=,[]%.0123456789xX_-+ \u00e9")
            .ofMaxLength(40);
    Arbitrary<String> options =
        Arbitraries.of(
            "prefix",
            "tls",
            "ca",
            "cert",
            "key",
            "user",
            "password",
            "dialTimeout",
            "requestTimeout",
            "watchQueue",
            "bogus");
    Arbitrary<String> withOptions =
        Combinators.combine(uriish, options, Arbitraries.strings().ofMaxLength(12))
            .as((base, name, value) -> "etcd://127.0.0.1:2379?" + name + "=" + value + base);
    return Arbitraries.oneOf(
        anything, uriish.map(s -> "etcd://" + s), uriish.map(s -> "etcds:" + s), withOptions);
  }

  @Provide
  Arbitrary<List<Endpoint>> members() {
    Arbitrary<String> ipv4 =
        Arbitraries.integers()
            .between(0, 255)
            .list()
            .ofSize(4)
            .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining(".")));
    Arbitrary<String> name =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
            .ofMinLength(1)
            .ofMaxLength(12)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(parts -> String.join(".", parts));
    Arbitrary<String> ipv6 = Arbitraries.of("::1", "fe80::1", "2001:db8::42", "::ffff:10.0.0.1");
    Arbitrary<String> host = Arbitraries.oneOf(ipv4, name, ipv6);
    Arbitrary<Integer> port = Arbitraries.integers().between(1, 65_535);
    return Combinators.combine(host, port).as(Endpoint::new).list();
  }

  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(24);
  }

  @Provide
  Arbitrary<String> badOptions() {
    return Arbitraries.of(
        "colour=blue",
        "requestTimeout=soon",
        "dialTimeout=-1s",
        "watchQueue=0",
        "tls=perhaps",
        "cert=/nonexistent/cert.pem",
        "user=v");
  }
}

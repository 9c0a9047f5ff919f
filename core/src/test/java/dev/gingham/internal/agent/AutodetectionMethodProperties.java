package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link AutodetectionMethod}: Calico's five methods parse and pick as Calico's do, and anything
 * else is refused with a message that quotes it.
 */
class AutodetectionMethodProperties {
  private static final List<Link> LINKS =
      List.of(
          new Link(1, "lo", "loopback", null, 65536, true, true, 0),
          new Link(2, "gw1234", "veth", null, 1500, true, true, 0),
          new Link(3, "eth0", "veth", null, 1500, true, true, 0),
          new Link(4, "eth1", "veth", null, 1500, true, true, 0),
          new Link(5, "eth2", "veth", null, 1500, false, false, 0));
  private static final List<InterfaceAddress> ADDRESSES =
      List.of(
          InterfaceAddress.of("lo", IpAddress.parse("127.0.0.1"), 8),
          InterfaceAddress.of("gw1234", IpAddress.parse("10.9.9.9"), 32),
          InterfaceAddress.of("eth0", IpAddress.parse("192.168.1.10"), 24),
          InterfaceAddress.of("eth1", IpAddress.parse("10.0.0.10"), 16),
          InterfaceAddress.of("eth2", IpAddress.parse("172.16.0.1"), 24));
  private static final List<Route> ROUTES =
      List.of(
          Route.builder(IpPrefix.parse("0.0.0.0/0"))
              .gateway(IpAddress.parse("10.0.0.1"))
              .device("eth1")
              .build(),
          Route.builder(IpPrefix.parse("192.168.1.0/24"))
              .device("eth0")
              .scope(RouteScope.LINK)
              .build());

  private static Optional<String> pick(String method) {
    return AutodetectionMethod.parse(method)
        .detect(IpFamily.IPV4, LINKS, ADDRESSES, ROUTES)
        .map(a -> a.device() + " " + a.address());
  }

  @Example
  void eachMethodPicksAsCalicos() {
    assertThat(pick("first-found")).contains("eth0 192.168.1.10");
    assertThat(pick("interface=eth1")).contains("eth1 10.0.0.10");
    assertThat(pick("interface=eth.*")).contains("eth0 192.168.1.10");
    assertThat(pick("interface=eth2")).as("a down interface is never picked").isEmpty();
    assertThat(pick("skip-interface=eth0")).contains("eth1 10.0.0.10");
    assertThat(pick("cidr=10.0.0.0/8")).contains("eth1 10.0.0.10");
    assertThat(pick("cidr=172.16.0.0/12,192.168.0.0/16")).contains("eth0 192.168.1.10");
    assertThat(pick("cidr=100.64.0.0/10")).isEmpty();
    assertThat(pick("can-reach=192.168.1.77")).contains("eth0 192.168.1.10");
    assertThat(pick("can-reach=8.8.8.8"))
        .as("through the default route")
        .contains("eth1 10.0.0.10");
  }

  /** Only up interfaces that are not loopback, workload or tunnel interfaces count. */
  @Property
  void cidrPicksOnlyInsideTheCidr(
      @ForAll int bits, @ForAll @IntRange(min = 0, max = 32) int length) {
    IpPrefix cidr = IpPrefix.ofMasking(Ipv4Address.of(bits), length);
    Optional<InterfaceAddress> a =
        AutodetectionMethod.parse("cidr=" + cidr).detect(IpFamily.IPV4, LINKS, ADDRESSES, ROUTES);
    a.ifPresent(x -> assertThat(cidr.contains(x.address())).isTrue());
    boolean anyUpInside =
        ADDRESSES.stream()
            .anyMatch(
                x -> cidr.contains(x.address()) && List.of("eth0", "eth1").contains(x.device()));
    assertThat(a.isPresent()).isEqualTo(anyUpInside);
  }

  @Property
  void canReachAnyAddressPicksAnAddressOfAnUpInterface(@ForAll int bits) {
    Optional<InterfaceAddress> a =
        AutodetectionMethod.parse("can-reach=" + Ipv4Address.of(bits))
            .detect(IpFamily.IPV4, LINKS, ADDRESSES, ROUTES);
    assertThat(a).isPresent();
    assertThat(a.get().subnet().contains(Ipv4Address.of(bits)) || a.get().device().equals("eth1"))
        .isTrue();
  }

  @Property(tries = 3000)
  void garbageIsRefusedWithItsText(@ForAll("garbage") String text) {
    AutodetectionMethod m;
    try {
      m = AutodetectionMethod.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("IP auto-detection method '");
      return;
    }
    // What parses is one of the five, and detecting with it never throws.
    assertThat(m.toString()).isEqualTo(text);
    m.detect(IpFamily.IPV4, LINKS, ADDRESSES, ROUTES);
  }

  @Property
  void unknownMethodsAreNamed(@ForAll("names") String name) {
    assertThatThrownBy(() -> AutodetectionMethod.parse(name + "=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown method '" + name + "'");
  }

  @Example
  void malformedValuesAreNamed() {
    assertThatThrownBy(() -> AutodetectionMethod.parse("can-reach=example.com"))
        .hasMessageContaining("can-reach needs an IP address");
    assertThatThrownBy(() -> AutodetectionMethod.parse("interface=eth[0"))
        .hasMessageContaining("is not a regular expression");
    assertThatThrownBy(() -> AutodetectionMethod.parse("cidr=10.0.0.0/8,nope"))
        .hasMessageContaining("'nope' is not a CIDR");
    assertThatThrownBy(() -> AutodetectionMethod.parse("cidr="))
        .hasMessageContaining("nothing after 'cidr='");
    assertThatThrownBy(() -> AutodetectionMethod.parse("first-found "))
        .hasMessageContaining("expected first-found");
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.of("first-found", "can-reach=", "interface=", "skip-interface=", "cidr=")
            .flatMap(
                p ->
                    Arbitraries.strings()
                        .withChars("0123456789./,:[]()*+?^$\\ abcdefxyz-=")
                        .ofMaxLength(30)
                        .map(tail -> p + tail)));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz-")
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(n -> !List.of("can-reach", "interface", "skip-interface", "cidr").contains(n));
  }
}

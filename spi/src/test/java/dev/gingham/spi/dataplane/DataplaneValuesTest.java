package dev.gingham.spi.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The dataplane's value types refuse what the kernel would, with messages that name it. */
class DataplaneValuesTest {
  @Test
  void sysctlsAreKernelPaths() {
    assertThat(Sysctl.forwarding(IpFamily.IPV4).path()).isEqualTo("net/ipv4/ip_forward");
    assertThat(Sysctl.proxyArp("gg0123456789a").path())
        .isEqualTo("net/ipv4/conf/gg0123456789a/proxy_arp");
    assertThat(Sysctl.proxyDelay("eth0.100").path())
        .isEqualTo("net/ipv4/neigh/eth0.100/proxy_delay");
    assertThat(Sysctl.acceptRa("eth0").path()).isEqualTo("net/ipv6/conf/eth0/accept_ra");
    assertThat(Sysctl.acceptDad("eth0").path()).isEqualTo("net/ipv6/conf/eth0/accept_dad");
    assertThatThrownBy(() -> new Sysctl("net/ipv4/../../kernel/panic")).hasMessageContaining("..");
    assertThatThrownBy(() -> new Sysctl("kernel/hostname")).hasMessageContaining("under net/");
    assertThatThrownBy(() -> Sysctl.proxyArp("bad/name")).hasMessageContaining("bad/name");
  }

  @Test
  void addressesFitTheirFamily() {
    InterfaceAddress a = InterfaceAddress.host("eth0", IpAddress.parse("10.65.0.5"));

    assertThat(a.prefixLength()).isEqualTo(32);
    assertThat(a.toString()).isEqualTo("10.65.0.5/32 dev eth0");
    assertThat(InterfaceAddress.of("eth0", IpAddress.parse("10.0.0.9"), 24).subnet())
        .hasToString("10.0.0.0/24");
    assertThatThrownBy(() -> InterfaceAddress.of("eth0", IpAddress.parse("10.0.0.1"), 33))
        .hasMessageContaining("0..32");
  }

  @Test
  void neighboursAreStaticOrProxy() {
    MacAddress mac = MacAddress.parse("ee:ee:ee:ee:ee:ee");

    assertThat(Neighbour.permanent("eth0", IpAddress.parse("169.254.1.1"), mac).proxy()).isFalse();
    assertThat(Neighbour.proxy("eth0", IpAddress.parse("10.0.0.1")).mac()).isNull();
    assertThatThrownBy(() -> new Neighbour("eth0", IpAddress.parse("10.0.0.1"), null, false))
        .hasMessageContaining("hardware address");
  }

  @Test
  void tunnelSpecsAreBounded() {
    assertThatThrownBy(
            () ->
                new VxlanSpec("vxlan.calico", 0, 4789, IpAddress.parse("10.0.0.1"), null, null, 0))
        .hasMessageContaining("vni");
    assertThatThrownBy(
            () ->
                new VxlanSpec(
                    "vxlan.calico", 4096, 70000, IpAddress.parse("10.0.0.1"), null, null, 0))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> new IpipSpec("tunl0", null, null, 40)).hasMessageContaining("mtu");
  }

  @Test
  void filterTextCannotSmuggleInAnotherCommand() {
    assertThatThrownBy(() -> FilterObject.Rule.of("fw", "accept; flush ruleset"))
        .hasMessageContaining("forbidden character");
    assertThatThrownBy(() -> FilterObject.Rule.of("fw", "accept\nflush ruleset"))
        .hasMessageContaining("forbidden character");
    assertThatThrownBy(() -> FilterObject.Chain.regular("bad name"))
        .hasMessageContaining("bad name");
    assertThatThrownBy(
            () ->
                new FilterObject.Rule("fw", "accept", "a \"quoted\" comment", OptionalLong.empty()))
        .hasMessageContaining("comment");
  }

  @Test
  void filterVerbsFitTheirObjects() {
    FilterTransaction txn =
        FilterTransaction.builder(FilterFamily.INET, "gingham")
            .add(
                new FilterObject.Chain(
                    "forward", new FilterObject.Hook("filter", "forward", 0, "accept"), null))
            .add(new FilterObject.NamedSet("ips-1", "ipv4_addr", List.of("interval"), null))
            .add(new FilterObject.Element("ips-1", "10.65.0.0/26", null))
            .add(FilterObject.Rule.of("forward", "ip saddr @ips-1 accept"))
            .build();

    assertThat(txn.operations()).hasSize(4);
    assertThatThrownBy(
            () ->
                FilterTransaction.builder(FilterFamily.INET, "gingham")
                    .then(FilterTransaction.Verb.INSERT, FilterObject.Chain.regular("x")))
        .hasMessageContaining("rules only");
    assertThatThrownBy(
            () ->
                FilterTransaction.builder(FilterFamily.INET, "gingham")
                    .delete(FilterObject.Rule.of("x", "accept")))
        .hasMessageContaining("handle");
    assertThatThrownBy(() -> new FilterObject.Hook("filter", "sideways", 0, "accept"))
        .hasMessageContaining("sideways");
  }
}

package dev.gingham.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpPoolTest {
  private static IpPool.Builder v4(String cidr) {
    return IpPool.builder("pool", IpPrefix.parse(cidr));
  }

  private static IpPool.Builder v6(String cidr) {
    return IpPool.builder("pool", IpPrefix.parse(cidr));
  }

  @Test
  void defaultsAreCalicos() {
    IpPool p = v4("10.65.0.0/16").build();
    assertThat(p.blockSize()).isEqualTo(26);
    assertThat(p.addressesPerBlock()).isEqualTo(64);
    assertThat(p.ipipMode()).isEqualTo(EncapsulationMode.NEVER);
    assertThat(p.vxlanMode()).isEqualTo(EncapsulationMode.NEVER);
    assertThat(p.natOutgoing()).isFalse();
    assertThat(p.disabled()).isFalse();
    assertThat(p.disableBgpExport()).isFalse();
    assertThat(p.nodeSelector()).isEqualTo("all()");
    assertThat(p.allowedUses()).containsExactlyInAnyOrder(AllowedUse.WORKLOAD, AllowedUse.TUNNEL);
    assertThat(p.reservedAtBlockStart()).isZero();
    assertThat(v6("fd00::/64").build().blockSize()).isEqualTo(122);
  }

  @Test
  void toBuilderCopiesEverything() {
    IpPool p =
        v4("10.65.0.0/16")
            .blockSize(24)
            .ipipMode(EncapsulationMode.CROSS_SUBNET)
            .natOutgoing(true)
            .disabled(true)
            .disableBgpExport(true)
            .nodeSelector("zone in {'a','b'}")
            .allowedUses(AllowedUse.TUNNEL)
            .reservedPerBlock(3, 1)
            .build();
    assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p.nodeSelector()).isEqualTo("zone in {\"a\", \"b\"}");
    assertThat(p.selectsNode(Labels.of("zone", "b"))).isTrue();
    assertThat(p.selectsNode(Labels.empty())).isFalse();
    assertThat(p.toString())
        .isEqualTo(
            "IpPool{pool, 10.65.0.0/16, blocks /24, ipip CrossSubnet, natOutgoing, disabled,"
                + " disableBgpExport, nodeSelector zone in {\"a\", \"b\"}, uses [TUNNEL], keeps 3+1"
                + " per block}");
  }

  @Test
  void blockSizeBoundsPerFamily() {
    assertThat(v4("10.0.0.0/8").blockSize(20).build().blockSize()).isEqualTo(20);
    assertThat(v4("10.0.0.0/8").blockSize(32).build().blockSize()).isEqualTo(32);
    assertThatThrownBy(() -> v4("10.0.0.0/8").blockSize(19).build())
        .isInstanceOf(InvalidPoolException.class)
        .hasMessage("invalid pool 'pool': block size /19 is not in /20../32 for an IPv4 pool");
    assertThatThrownBy(() -> v4("10.0.0.0/8").blockSize(33).build())
        .hasMessage("invalid pool 'pool': block size /33 is not in /20../32 for an IPv4 pool");
    assertThat(v6("fd00::/48").blockSize(116).build().blockSize()).isEqualTo(116);
    assertThat(v6("fd00::/48").blockSize(128).build().blockSize()).isEqualTo(128);
    assertThatThrownBy(() -> v6("fd00::/48").blockSize(115).build())
        .hasMessage("invalid pool 'pool': block size /115 is not in /116../128 for an IPv6 pool");
  }

  @Test
  void aPoolSmallerThanOneBlockIsRefused() {
    assertThatThrownBy(() -> v4("10.0.0.0/28").build())
        .isInstanceOf(InvalidPoolException.class)
        .hasMessage(
            "invalid pool 'pool': pool 10.0.0.0/28 is smaller than one /26 block; use a larger pool");
    assertThat(v4("10.0.0.0/26").build().cidr()).isEqualTo(IpPrefix.parse("10.0.0.0/26"));
  }

  @Test
  void encapsulationRules() {
    assertThatThrownBy(() -> v6("fd00::/64").ipipMode(EncapsulationMode.ALWAYS).build())
        .isInstanceOf(InvalidPoolException.class)
        .hasMessage("invalid pool 'pool': IPIP is not supported on IPv6 pools (ipipMode Always)");
    assertThatThrownBy(
            () ->
                v4("10.0.0.0/16")
                    .ipipMode(EncapsulationMode.ALWAYS)
                    .vxlanMode(EncapsulationMode.CROSS_SUBNET)
                    .build())
        .hasMessage(
            "invalid pool 'pool': ipipMode Always and vxlanMode CrossSubnet cannot both be on");
    assertThat(v6("fd00::/64").vxlanMode(EncapsulationMode.ALWAYS).build().vxlanMode())
        .isEqualTo(EncapsulationMode.ALWAYS);
    assertThat(EncapsulationMode.parse("CrossSubnet")).isEqualTo(EncapsulationMode.CROSS_SUBNET);
    assertThatThrownBy(() -> EncapsulationMode.parse("always"))
        .hasMessage("encapsulation mode must be Never, Always or CrossSubnet, was 'always'");
  }

  @Test
  void otherRefusals() {
    assertThatThrownBy(() -> v4("10.0.0.0/16").nodeSelector("zone = 'a'").build())
        .isInstanceOf(InvalidPoolException.class)
        .hasMessageStartingWith(
            "invalid pool 'pool': node selector 'zone = 'a'': at 5: expected an operator");
    assertThatThrownBy(() -> v4("10.0.0.0/16").allowedUses(Set.of()).build())
        .hasMessage(
            "invalid pool 'pool': allowedUses must name at least one of Workload and Tunnel");
    assertThatThrownBy(() -> v4("10.0.0.0/16").blockSize(31).reservedPerBlock(1, 1).build())
        .hasMessage(
            "invalid pool 'pool': keeping 1 at the start and 1 at the end of each /31 block of 2"
                + " addresses must leave at least one to hand out");
    assertThatThrownBy(() -> IpPool.builder("Pool_A", IpPrefix.parse("10.0.0.0/16")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "malformed pool name 'Pool_A': character 'P' at index 0 (lower-case letters, digits,"
                + " '-' and '.' only)");
  }
}

package dev.gingham.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  @Test
  void configDefaultsAndRefusals() {
    IpamConfig d = IpamConfig.DEFAULT;
    assertThat(d.strictAffinity()).isFalse();
    assertThat(d.autoAllocateBlocks()).isTrue();
    assertThat(d.maxBlocksPerHost()).isEqualTo(20);
    assertThat(d.ipCooldown()).isZero();
    assertThat(d.toBuilder().build()).isEqualTo(d);
    assertThatThrownBy(() -> IpamConfig.builder().autoAllocateBlocks(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("strictAffinity and autoAllocateBlocks cannot both be off");
    assertThat(
            IpamConfig.builder()
                .strictAffinity(true)
                .autoAllocateBlocks(false)
                .build()
                .autoAllocateBlocks())
        .isFalse();
    assertThatThrownBy(() -> IpamConfig.builder().maxBlocksPerHost(0).build())
        .hasMessage("maxBlocksPerHost must be from 1 to 100000, was 0");
    assertThatThrownBy(() -> IpamConfig.builder().ipCooldown(Duration.ofMinutes(21)).build())
        .hasMessage("ipCooldown must be from 0 to PT20M, was PT21M");
    assertThatThrownBy(() -> IpamConfig.builder().ipCooldown(Duration.ofSeconds(-1)).build())
        .hasMessage("ipCooldown must be from 0 to PT20M, was PT-1S");
    assertThatThrownBy(() -> IpamConfig.builder().ipCooldown(Duration.ofNanos(1500)).build())
        .hasMessage("ipCooldown is kept in whole milliseconds, was PT0.0000015S");
  }

  @Test
  void requests() {
    AssignRequest r =
        AssignRequest.builder("k8s-pod-network.abc", "node-1")
            .ipv4(1)
            .ipv6(2)
            .attributes(Map.of("pod", "p"))
            .pools(List.of(IpPrefix.parse("10.0.0.0/16")))
            .build();
    assertThat(r.count(dev.gingham.net.IpFamily.IPV6)).isEqualTo(2);
    assertThat(r.use()).isEqualTo(AllowedUse.WORKLOAD);
    Map<String, String> big = new HashMap<>();
    for (int i = 0; i <= Attributes.MAX_ENTRIES; i++) {
      big.put("k" + i, "v");
    }
    assertThatThrownBy(() -> AssignRequest.builder("h", "n").attributes(big))
        .hasMessage("attributes hold 65 entries, more than the limit of 64");
    assertThatThrownBy(() -> AssignRequest.builder("h", "n").attributes(Map.of("k", "a\tb")))
        .hasMessage("attributes: value of 'k' has a control character at index 1");
    assertThatThrownBy(() -> AssignRequest.builder("h", "n").hostLabels(Map.of("", "x")))
        .hasMessage("host labels: label key must not be empty");
    assertThatThrownBy(() -> AssignRequest.builder("h", "-n").ipv4(1).build())
        .hasMessage("malformed host name '-n': it must start and end with a letter or a digit");
  }

  @Test
  void reservations() {
    IpPrefix a = IpPrefix.parse("10.0.0.0/30");
    IpReservation r = IpReservation.of("r", a, a, IpPrefix.parse("fd00::/127"));
    assertThat(r.cidrs()).hasSize(2);
    assertThat(r.contains(IpAddress.parse("10.0.0.3"))).isTrue();
    assertThat(r.contains(IpAddress.parse("10.0.0.4"))).isFalse();
    assertThatThrownBy(() -> IpReservation.of("r", List.of()))
        .hasMessage("reservation 'r' must hold at least one CIDR");
    List<IpPrefix> many = new ArrayList<>();
    for (int i = 0; i <= IpReservation.MAX_CIDRS; i++) {
      many.add(a);
    }
    assertThatThrownBy(() -> IpReservation.of("r", many))
        .hasMessage("reservation 'r' holds 1025 CIDRs, more than the limit of 1024");
  }

  @Test
  void usageMustAddUp() {
    IpPrefix block = IpPrefix.parse("10.0.0.0/28");
    assertThat(new BlockUsage(block, null, 16, 3, 2, 11).free()).isEqualTo(11);
    assertThatThrownBy(() -> new BlockUsage(block, "h", 16, 3, 2, 10))
        .hasMessage(
            "usage of block 10.0.0.0/28 does not add up: 3 in use + 2 reserved + 10 free != 16");
    assertThatThrownBy(
            () ->
                new PoolUsage(
                    "p",
                    block,
                    BigInteger.valueOf(16),
                    1,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    List.of()))
        .hasMessage("usage of pool 'p' does not add up: 1 in use + 1 reserved + 1 free != 16");
  }

  @Test
  void reportsCopyWhatTheyAreGiven() {
    List<IpAddress> addresses = new ArrayList<>(List.of(IpAddress.parse("10.0.0.1")));
    Map<String, List<IpAddress>> released = new HashMap<>(Map.of("b", addresses, "a", List.of()));
    GcReport report = new GcReport(released);
    addresses.add(IpAddress.parse("10.0.0.2"));
    released.clear();
    assertThat(report.released().keySet()).containsExactly("a", "b");
    assertThat(report.addressCount()).isEqualTo(1);
    assertThat(new CheckReport(List.of()).isClean()).isTrue();
  }
}

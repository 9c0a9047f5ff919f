package dev.gingham.internal.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.core.WiredPod;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.ObjectExistsException;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Sysctl;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod wiring engine on the simulated dataplane: wire, check, unwire, and undo on failure. */
class PodWiringEngineTest {
  private static final IpAddress V4 = IpAddress.parse("10.65.0.5");
  private static final IpAddress V6 = IpAddress.parse("fd00:65::5");

  private Dataplane dp;
  private NetworkNamespace node;
  private NetworkNamespace pod;

  @BeforeEach
  void open() {
    dp = Dataplanes.open("simulated");
    node = dp.namespaces().create("node");
    pod = dp.namespaces().create("pod");
  }

  @AfterEach
  void close() {
    dp.close();
  }

  @Test
  void wiresAPodAsCalicoDoesAndChecksClean() {
    PodInterface spec = new PodInterface("gg0123456789a", "eth0", List.of(V4, V6), 1440);
    WiredPod wired = PodNetworks.wire(dp, node, pod, spec);

    assertThat(wired.podMac()).isEqualTo(dp.links().get(pod, "eth0").orElseThrow().mac());
    assertThat(dp.links().get(node, "gg0123456789a").orElseThrow().mac())
        .isEqualTo(PodNetworks.HOST_MAC);
    assertThat(dp.links().get(pod, "eth0").orElseThrow().mtu()).isEqualTo(1440);
    assertThat(dp.sysctls().get(node, Sysctl.proxyArp("gg0123456789a"))).isEqualTo("1");
    assertThat(dp.sysctls().get(node, Sysctl.proxyDelay("gg0123456789a"))).isEqualTo("0");
    assertThat(dp.sysctls().get(pod, Sysctl.acceptDad("eth0"))).isEqualTo("0");
    assertThat(dp.addresses().list(pod, "eth0"))
        .contains(InterfaceAddress.host("eth0", V4), InterfaceAddress.host("eth0", V6));
    assertThat(dp.routes().list(pod, RouteFilter.ALL))
        .anySatisfy(
            r -> {
              assertThat(r.destination()).isEqualTo(IpPrefix.parse("0.0.0.0/0"));
              assertThat(r.gateway()).isEqualTo(PodNetworks.GATEWAY_V4);
            })
        .anySatisfy(
            r -> {
              assertThat(r.destination()).isEqualTo(IpPrefix.parse("::/0"));
              assertThat(r.gateway()).isEqualTo(PodNetworks.GATEWAY_V6);
            });
    assertThat(dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM)))
        .extracting(Route::destination)
        .containsExactlyInAnyOrder(V4.toPrefix(), V6.toPrefix());
    assertThat(PodNetworks.check(dp, node, pod, spec)).isEmpty();
  }

  @Test
  void checkNamesWhatIsMissing() {
    PodInterface spec = PodInterface.of("gg0123456789a", "eth0", List.of(V4));
    PodNetworks.wire(dp, node, pod, spec);
    dp.addresses().delete(pod, InterfaceAddress.host("eth0", V4));

    assertThat(PodNetworks.check(dp, node, pod, spec))
        .contains("address 10.65.0.5 is missing on eth0");
  }

  @Test
  void unwireRemovesEverythingAndIsIdempotent() {
    PodInterface spec = PodInterface.of("gg0123456789a", "eth0", List.of(V4, V6));
    PodNetworks.wire(dp, node, pod, spec);

    assertThat(PodNetworks.unwire(dp, node, spec)).isTrue();
    assertThat(PodNetworks.unwire(dp, node, spec)).isFalse();
    assertThat(dp.links().get(node, "gg0123456789a")).isEmpty();
    assertThat(dp.links().get(pod, "eth0")).isEmpty();
    assertThat(dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM))).isEmpty();
  }

  @Test
  void aFailedStepUndoesEveryStepBeforeIt() {
    // Someone else's route to the pod's address: the host route add fails, last of all steps.
    dp.links()
        .createVeth(
            node, new dev.gingham.spi.dataplane.VethSpec("other0", null, "other1", node, null, 0));
    dp.links().setUp(node, "other0", true);
    dp.routes()
        .add(
            node,
            Route.builder(V4.toPrefix()).device("other0").protocol(Route.PROTOCOL_GINGHAM).build());
    PodInterface spec = PodInterface.of("gg0123456789a", "eth0", List.of(V4));

    assertThatThrownBy(() -> PodNetworks.wire(dp, node, pod, spec))
        .isInstanceOf(ObjectExistsException.class);
    assertThat(dp.links().get(node, "gg0123456789a")).isEmpty();
    assertThat(dp.links().get(pod, "eth0")).isEmpty();
    assertThat(dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM)))
        .extracting(Route::device)
        .containsExactly("other0");
  }

  @Test
  void theAgentsBlackholeOfASlash32BlockGivesWayToThePodsRoute() {
    // The node agent blackholes each affine block; a /32 block is the pod's own address.
    dp.routes()
        .add(
            node,
            Route.builder(V4.toPrefix())
                .type(RouteType.BLACKHOLE)
                .protocol(Route.PROTOCOL_GINGHAM)
                .build());
    PodNetworks.wire(dp, node, pod, PodInterface.of("gg0123456789a", "eth0", List.of(V4)));
    assertThat(dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM)))
        .containsExactly(
            Route.builder(V4.toPrefix())
                .device("gg0123456789a")
                .protocol(Route.PROTOCOL_GINGHAM)
                .build());
  }

  @Test
  void aBlackholeOfAnotherOwnerIsAConflict() {
    Route bird =
        Route.builder(V4.toPrefix())
            .type(RouteType.BLACKHOLE)
            .protocol(Route.PROTOCOL_BIRD)
            .build();
    dp.routes().add(node, bird);
    PodInterface spec = PodInterface.of("gg0123456789a", "eth0", List.of(V4));
    assertThatThrownBy(() -> PodNetworks.wire(dp, node, pod, spec))
        .isInstanceOf(ObjectExistsException.class);
    assertThat(dp.routes().list(node, RouteFilter.ALL)).contains(bird);
    assertThat(dp.links().get(node, "gg0123456789a")).isEmpty();
  }

  @Test
  void anExistingPodEndIsRefusedAndNothingIsLeft() {
    dp.links()
        .createVeth(pod, new dev.gingham.spi.dataplane.VethSpec("eth0", null, "x1", pod, null, 0));
    PodInterface spec = PodInterface.of("gg0123456789a", "eth0", List.of(V4));

    assertThatThrownBy(() -> PodNetworks.wire(dp, node, pod, spec))
        .isInstanceOf(ObjectExistsException.class);
    assertThat(dp.links().get(node, "gg0123456789a")).isEmpty();
  }

  @Test
  void hostEndNamesAreElevenHexCharactersOfTheKeysHash() {
    String name = PodNetworks.hostEndName("gg", "c0ffee");
    assertThat(name).matches("gg[0-9a-f]{11}");
    assertThat(PodNetworks.hostEndName("gg", "c0ffee")).isEqualTo(name);
    assertThat(PodNetworks.hostEndName("gg", "c0ffef")).isNotEqualTo(name);
    assertThatThrownBy(() -> PodNetworks.hostEndName("gingh", "c0ffee"))
        .hasMessageContaining("'gingh'");
  }

  @Test
  void specRefusesTwoAddressesOfOneFamily() {
    assertThatThrownBy(
            () -> PodInterface.of("gg1", "eth0", List.of(V4, IpAddress.parse("10.65.0.6"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most one address per family");
  }
}

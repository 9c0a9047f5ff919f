package dev.gingham.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.Policies;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Action;
import dev.gingham.policy.EntityRule;
import dev.gingham.policy.GlobalNetworkPolicy;
import dev.gingham.policy.HostEndpoint;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.Labels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.NetworkSet;
import dev.gingham.policy.Packet;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Port;
import dev.gingham.policy.Profile;
import dev.gingham.policy.Protocol;
import dev.gingham.policy.Rule;
import dev.gingham.policy.Selector;
import dev.gingham.policy.Tier;
import dev.gingham.policy.Verdict;
import dev.gingham.policy.Verdict.Reason;
import dev.gingham.policy.WorkloadEndpoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Calico's tier, ordering, profile and host endpoint semantics, one behaviour per test. */
class CalicoSemanticsTest {
  private static final WorkloadEndpoint CLIENT =
      WorkloadEndpoint.builder("prod", "client")
          .interfaceName("gw1")
          .address(IpAddress.parse("10.0.0.1"))
          .labels(Labels.of("app", "client"))
          .build();
  private static final WorkloadEndpoint SERVER =
      WorkloadEndpoint.builder("prod", "server")
          .interfaceName("gw2")
          .address(IpAddress.parse("10.0.0.2"))
          .labels(Labels.of("app", "server"))
          .build();
  private static final Packet TCP80 =
      Packet.tcp(IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"), 80);

  private static Verdict eval(PolicyModel.Builder m) {
    PolicyModel model = m.endpoint(CLIENT).endpoint(SERVER).build();
    return Policies.evaluator(model).evaluate(TCP80, CLIENT, SERVER);
  }

  private static Rule allow() {
    return Rule.of(Action.ALLOW);
  }

  private static NetworkPolicy.Builder serverPolicy(String name) {
    return NetworkPolicy.builder(name).namespace("prod").selector("app == 'server'");
  }

  @Test
  void aWorkloadNoPolicyOrProfileSelectsIsAllowed() {
    Verdict v = eval(PolicyModel.builder());
    assertThat(v.allowed()).isTrue();
    assertThat(v.stages())
        .extracting(Verdict.Stage::reason)
        .containsOnly(Reason.NO_POLICY_OR_PROFILE);
  }

  @Test
  void theEndOfATierWithAnApplyingPolicyDenies() {
    Verdict v =
        eval(
            PolicyModel.builder()
                .policy(
                    serverPolicy("only-udp")
                        .ingress(Rule.builder(Action.ALLOW).protocol(Protocol.UDP).build())
                        .build()));
    assertThat(v.allowed()).isFalse();
    Verdict.Stage ingress = v.stages().get(1);
    assertThat(ingress.reason()).isEqualTo(Reason.END_OF_TIER);
    assertThat(ingress.tier()).isEqualTo("default");
    assertThat(v.explain()).contains("end of tier default: deny");
  }

  @Test
  void passSkipsTheRestOfTheTierToTheNextOne() {
    PolicyModel.Builder m =
        PolicyModel.builder()
            .tier(Tier.of("security", 10.0))
            .policy(
                serverPolicy("pass")
                    .tier("security")
                    .order(1.0)
                    .ingress(Rule.of(Action.PASS))
                    .build())
            .policy(
                serverPolicy("deny-later")
                    .tier("security")
                    .order(2.0)
                    .ingress(Rule.of(Action.DENY))
                    .build())
            .policy(serverPolicy("allow").ingress(allow()).build());
    Verdict v = eval(m);
    assertThat(v.allowed()).isTrue();
    assertThat(v.stages().get(1).policy()).isEqualTo("NetworkPolicy prod/allow");
    assertThat(v.stages().get(1).tier()).isEqualTo("default");
  }

  @Test
  void passFromTheLastTierReachesTheProfiles() {
    PolicyModel.Builder m =
        PolicyModel.builder()
            .profile(
                Profile.of(
                    "deny-all", Labels.empty(), List.of(Rule.of(Action.DENY)), List.of(allow())))
            .policy(serverPolicy("pass").ingress(Rule.of(Action.PASS)).build());
    WorkloadEndpoint server =
        WorkloadEndpoint.builder("prod", "server")
            .interfaceName("gw2")
            .address(IpAddress.parse("10.0.0.2"))
            .labels(Labels.of("app", "server"))
            .profile("deny-all")
            .build();
    PolicyModel model = m.endpoint(CLIENT).endpoint(server).build();
    Verdict v = Policies.evaluator(model).evaluate(TCP80, CLIENT, server);
    assertThat(v.allowed()).isFalse();
    assertThat(v.stages().get(1).reason()).isEqualTo(Reason.PROFILE_RULE);
  }

  @Test
  void tiersGoByOrderThenNameAndUnsetLast() {
    // Tier "a" has no order (last); "z" order 5 comes first and denies.
    PolicyModel.Builder m =
        PolicyModel.builder()
            .tier(Tier.of("a", null))
            .tier(Tier.of("z", 5.0))
            .policy(serverPolicy("allow-a").tier("a").ingress(allow()).build())
            .policy(serverPolicy("deny-z").tier("z").ingress(Rule.of(Action.DENY)).build());
    Verdict v = eval(m);
    assertThat(v.allowed()).isFalse();
    assertThat(v.stages().get(1).tier()).isEqualTo("z");
  }

  @Test
  void policiesGoByOrderThenNameAndUnsetLast() {
    PolicyModel.Builder m =
        PolicyModel.builder()
            .policy(serverPolicy("a-unset").ingress(Rule.of(Action.DENY)).build())
            .policy(serverPolicy("z-ordered").order(100.0).ingress(allow()).build())
            .policy(serverPolicy("b-unset").ingress(allow()).build());
    assertThat(eval(m).stages().get(1).policy()).isEqualTo("NetworkPolicy prod/z-ordered");
    PolicyModel.Builder byName =
        PolicyModel.builder()
            .policy(serverPolicy("b").ingress(allow()).build())
            .policy(serverPolicy("a").ingress(Rule.of(Action.DENY)).build());
    assertThat(eval(byName).allowed()).isFalse();
  }

  @Test
  void logGoesOnToTheNextRule() {
    Verdict v =
        eval(
            PolicyModel.builder()
                .policy(serverPolicy("log").ingress(Rule.of(Action.LOG)).ingress(allow()).build()));
    assertThat(v.allowed()).isTrue();
    assertThat(v.stages().get(1).rule()).isEqualTo(1);
    assertThat(v.explain()).contains("logged, going on");
  }

  @Test
  void profilesApplyWhenNoPolicyDoesAndTheirEndDenies() {
    Profile p =
        Profile.of(
            "web-only",
            Labels.of("inherited", "yes"),
            List.of(
                Rule.builder(Action.ALLOW)
                    .protocol(Protocol.TCP)
                    .destination(EntityRule.builder().port(Port.of(443)).build())
                    .build()),
            List.of(allow()));
    WorkloadEndpoint server =
        WorkloadEndpoint.builder("prod", "server")
            .interfaceName("gw2")
            .address(IpAddress.parse("10.0.0.2"))
            .profile("web-only")
            .build();
    PolicyModel model =
        PolicyModel.builder()
            .profile(p)
            .endpoint(CLIENT)
            .endpoint(server)
            // Profile labels are inherited: this policy selects the server through them, egress
            // only.
            .policy(
                NetworkPolicy.builder("inherit")
                    .namespace("prod")
                    .selector("inherited == 'yes'")
                    .types(Set.of(PolicyType.EGRESS))
                    .build())
            .build();
    Verdict v = Policies.evaluator(model).evaluate(TCP80, CLIENT, server);
    assertThat(v.allowed()).isFalse();
    assertThat(v.stages().get(1).reason()).isEqualTo(Reason.END_OF_PROFILES);
    Packet https = Packet.tcp(IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"), 443);
    assertThat(Policies.evaluator(model).evaluate(https, CLIENT, server).allowed()).isTrue();
    // And the egress-only policy isolates the server's egress.
    Packet back = Packet.tcp(IpAddress.parse("10.0.0.2"), 40000, IpAddress.parse("10.0.0.1"), 80);
    assertThat(Policies.evaluator(model).evaluate(back, server, CLIENT).stages().get(0).reason())
        .isEqualTo(Reason.END_OF_TIER);
  }

  @Test
  void typesAreInferredFromTheRules() {
    assertThat(serverPolicy("i").build().types()).containsExactly(PolicyType.INGRESS);
    assertThat(serverPolicy("e").egress(allow()).build().types())
        .containsExactly(PolicyType.EGRESS);
    assertThat(serverPolicy("ie").ingress(allow()).egress(allow()).build().types())
        .containsExactlyInAnyOrder(PolicyType.INGRESS, PolicyType.EGRESS);
    assertThatThrownBy(
            () -> serverPolicy("bad").types(Set.of(PolicyType.EGRESS)).ingress(allow()).build())
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(
            "NetworkPolicy prod/bad: spec.types: has ingress rules but types [Egress] omit Ingress");
  }

  @Test
  void hostEndpointsDenyByDefaultExceptFailsafePorts() {
    HostEndpoint host =
        HostEndpoint.of(
            "node1-eth0",
            "eth0",
            List.of(IpAddress.parse("192.0.2.10")),
            Labels.of("role", "node"));
    PolicyModel model = PolicyModel.builder().endpoint(host).build();
    Packet ssh =
        Packet.tcp(IpAddress.parse("192.0.2.99"), 40000, IpAddress.parse("192.0.2.10"), 22);
    Packet web =
        Packet.tcp(IpAddress.parse("192.0.2.99"), 40000, IpAddress.parse("192.0.2.10"), 80);
    assertThat(Policies.evaluator(model).evaluate(ssh, null, host).stages().get(0).reason())
        .isEqualTo(Reason.FAILSAFE);
    Verdict v = Policies.evaluator(model).evaluate(web, null, host);
    assertThat(v.allowed()).isFalse();
    assertThat(v.stages().get(0).reason()).isEqualTo(Reason.HOST_ENDPOINT_DEFAULT);
    // A global policy selects host endpoints; namespaced ones never do.
    PolicyModel allowed =
        PolicyModel.builder()
            .endpoint(host)
            .policy(
                GlobalNetworkPolicy.builder("hosts")
                    .selector("role == 'node'")
                    .ingress(allow())
                    .build())
            .policy(
                NetworkPolicy.builder("ns")
                    .namespace("prod")
                    .selector("all()")
                    .ingress(Rule.of(Action.DENY))
                    .build())
            .build();
    assertThat(Policies.evaluator(allowed).evaluate(web, null, host).allowed()).isTrue();
  }

  @Test
  void notSelectorsNotNetsAndNetworkSetsMatchByAddress() {
    NetworkSet outside =
        NetworkSet.global(
            "partners", Labels.of("app", "client"), List.of(IpPrefix.parse("198.51.100.0/24")));
    PolicyModel model =
        PolicyModel.builder()
            .endpoint(CLIENT)
            .endpoint(SERVER)
            .networkSet(outside)
            .policy(
                GlobalNetworkPolicy.builder("from-clients")
                    .selector("app == 'server'")
                    .ingress(
                        Rule.builder(Action.ALLOW)
                            .source(
                                EntityRule.builder()
                                    .selector("app == 'client'")
                                    .notNets(List.of(IpPrefix.parse("198.51.100.128/25")))
                                    .build())
                            .build())
                    .build())
            .build();
    var ev = Policies.evaluator(model);
    assertThat(ev.evaluate(TCP80, CLIENT, SERVER).allowed()).isTrue();
    Packet partner =
        Packet.tcp(IpAddress.parse("198.51.100.7"), 1, IpAddress.parse("10.0.0.2"), 80);
    assertThat(ev.evaluate(partner, null, SERVER).allowed()).isTrue();
    Packet excluded =
        Packet.tcp(IpAddress.parse("198.51.100.200"), 1, IpAddress.parse("10.0.0.2"), 80);
    assertThat(ev.evaluate(excluded, null, SERVER).allowed()).isFalse();
    Packet stranger =
        Packet.tcp(IpAddress.parse("203.0.113.1"), 1, IpAddress.parse("10.0.0.2"), 80);
    assertThat(ev.evaluate(stranger, null, SERVER).allowed()).isFalse();
  }

  @Test
  void namespacedSelectorsStayInTheirNamespaceUnlessANamespaceSelectorSaysOtherwise() {
    WorkloadEndpoint other =
        WorkloadEndpoint.builder("dev", "client")
            .interfaceName("gw3")
            .address(IpAddress.parse("10.0.0.3"))
            .labels(Labels.of("app", "client"))
            .build();
    PolicyModel model =
        PolicyModel.builder()
            .endpoint(CLIENT)
            .endpoint(SERVER)
            .endpoint(other)
            .policy(
                serverPolicy("clients")
                    .ingress(
                        Rule.builder(Action.ALLOW)
                            .source(EntityRule.builder().selector("app == 'client'").build())
                            .build())
                    .build())
            .build();
    var ev = Policies.evaluator(model);
    Packet fromDev = Packet.tcp(IpAddress.parse("10.0.0.3"), 1, IpAddress.parse("10.0.0.2"), 80);
    assertThat(ev.evaluate(TCP80, CLIENT, SERVER).allowed()).isTrue();
    assertThat(ev.evaluate(fromDev, other, SERVER).allowed()).isFalse();
    assertThat(
            Scoping.sideSelector(
                EntityRule.builder().namespaceSelector("global()").build(), "prod"))
        .isEqualTo(Selector.GLOBAL);
  }

  @Test
  void aSpoofedSourceIsDropped() {
    Packet spoofed = Packet.tcp(IpAddress.parse("10.9.9.9"), 1, IpAddress.parse("10.0.0.2"), 80);
    PolicyModel model = PolicyModel.builder().endpoint(CLIENT).endpoint(SERVER).build();
    Verdict v = Policies.evaluator(model).evaluate(spoofed, CLIENT, SERVER);
    assertThat(v.allowed()).isFalse();
    assertThat(v.stages().get(0).reason()).isEqualTo(Reason.SOURCE_NOT_ENDPOINT_ADDRESS);
  }

  @Test
  void validationNamesResourceAndField() {
    assertThatThrownBy(
            () ->
                Rule.builder(Action.ALLOW)
                    .destination(EntityRule.builder().port(Port.of(80)).build())
                    .build()
                    .validate("NetworkPolicy prod/x", "spec.ingress[0]"))
        .hasMessage(
            "NetworkPolicy prod/x: spec.ingress[0].destination.ports: ports need protocol TCP, UDP, SCTP or UDPLite, but protocol is unset");
    assertThatThrownBy(
            () -> PolicyModel.builder().policy(serverPolicy("p").tier("nope").build()).build())
        .hasMessage("NetworkPolicy prod/p: spec.tier: tier 'nope' does not exist");
    assertThatThrownBy(() -> Action.parse("Accept"))
        .hasMessage("unknown action 'Accept', expected one of Allow, Deny, Pass, Log");
    assertThatThrownBy(() -> Port.of(70000)).hasMessage("port 70000 is out of range 0..65535");
    assertThatThrownBy(() -> Port.named("Bad_Name"))
        .hasMessageContaining("port name 'Bad_Name' is invalid");
  }
}

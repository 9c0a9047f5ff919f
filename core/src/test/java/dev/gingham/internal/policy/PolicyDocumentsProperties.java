package dev.gingham.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.Policies;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.PolicyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Documents, valid and garbage: a reader either returns a model or throws an InvalidPolicyException
 * naming a resource and field; nothing else escapes. Garbage is made by mutating valid documents:
 * values of the wrong type, bad texts, missing and extra fields.
 */
class PolicyDocumentsProperties {
  private static final String VALID =
      """
      apiVersion: projectcalico.org/v3
      kind: Tier
      metadata: {name: security}
      spec: {order: 10}
      ---
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkPolicy
      metadata: {name: gp}
      spec:
        tier: security
        order: 5
        selector: app == 'web'
        namespaceSelector: team == 'a'
        types: [Ingress, Egress]
        ingress:
        - action: Allow
          protocol: TCP
          source: {selector: role == 'fe', notNets: [10.0.0.0/8], namespaceSelector: all()}
          destination: {ports: [80, '8000:8080', http], notPorts: [81]}
        - action: Pass
          protocol: ICMP
          icmp: {type: 8, code: 0}
        egress:
        - action: Deny
          protocol: UDP
          destination: {nets: [192.0.2.0/24], ports: [53]}
      ---
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: np, namespace: prod}
      spec:
        selector: all()
        ingress:
        - action: Log
      ---
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata: {name: kns.prod}
      spec:
        labelsToApply: {pcns.team: a}
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: web-1, namespace: prod, labels: {app: web}}
      spec:
        interfaceName: gw1
        ipNetworks: [10.1.0.1/32]
        profiles: [kns.prod]
        ports: [{name: http, protocol: TCP, port: 8080}]
      ---
      apiVersion: projectcalico.org/v3
      kind: HostEndpoint
      metadata: {name: node-eth0, labels: {role: node}}
      spec: {interfaceName: eth0, expectedIPs: [192.0.2.5]}
      ---
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkSet
      metadata: {name: partners, labels: {app: partner}}
      spec: {nets: [198.51.100.0/24]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: k, namespace: prod}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
        - from: [{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a]}]}}]
          ports: [{port: 80, endPort: 90}, {protocol: UDP, port: dns}]
      """;

  @Test
  void readsEveryKind() {
    PolicyModel m = Policies.readDocuments(Yaml.documents(VALID), "gw");
    assertThat(m.policies()).hasSize(3);
    assertThat(m.endpoints()).hasSize(2);
    assertThat(m.tiers()).hasSize(2);
    assertThat(m.networkSets()).hasSize(1);
    assertThat(m.policies().get(2).ingress()).hasSize(2); // split by protocol
  }

  @Test
  void errorsNameResourceAndField() {
    assertThatThrownBy(() -> read(VALID.replace("action: Deny", "action: Reject")))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(
            "GlobalNetworkPolicy gp: spec.egress[0].action: unknown action 'Reject', expected one of Allow, Deny, Pass, Log");
    assertThatThrownBy(() -> read(VALID.replace("ports: [53]", "ports: [70000]")))
        .hasMessage(
            "GlobalNetworkPolicy gp: spec.egress[0].destination.ports[0]: port 70000 is out of range 0..65535");
    assertThatThrownBy(() -> read(VALID.replace("selector: app == 'web'", "selector: app == ")))
        .hasMessage(
            "GlobalNetworkPolicy gp: spec.selector: selector 'app ==': at 6: expected a quoted string");
    assertThatThrownBy(
            () -> read(VALID.replace("name: http, protocol", "name: Bad_Port, protocol")))
        .hasMessageStartingWith(
            "WorkloadEndpoint prod/web-1: spec.ports[0]: port name 'Bad_Port' is invalid");
    assertThatThrownBy(() -> read(VALID.replace("operator: In", "operator: Near")))
        .hasMessageStartingWith(
            "NetworkPolicy prod/k: spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator: unknown operator 'Near'");
  }

  private static PolicyModel read(String yaml) {
    return Policies.readDocuments(Yaml.documents(yaml), "gw");
  }

  @Property(tries = 3000)
  @Label("mutated documents give a model or an InvalidPolicyException, nothing else")
  void garbageIsRejectedCleanly(@ForAll long seed) {
    Random r = new Random(seed);
    List<Object> docs = Yaml.documents(VALID);
    List<Object> mutated = new ArrayList<>();
    for (Object d : docs) {
      mutated.add(r.nextInt(3) == 0 ? TreeMutations.mutate(d, r) : d);
    }
    try {
      Policies.readDocuments(mutated, "gw");
      Statistics.collect("accepted");
    } catch (InvalidPolicyException e) {
      Statistics.collect("rejected");
      assertThat(e.resource()).isNotBlank();
      assertThat(e.field()).isNotBlank();
      assertThat(e.getMessage()).startsWith(e.resource() + ": " + e.field() + ": ");
    }
  }
}

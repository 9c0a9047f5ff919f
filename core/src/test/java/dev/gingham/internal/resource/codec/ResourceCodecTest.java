package dev.gingham.internal.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Resources;
import dev.gingham.internal.policy.Yaml;
import dev.gingham.ipam.IpPool;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.Selector;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {

  static List<Resource<?>> read(String yaml) {
    List<Resource<?>> out = new ArrayList<>();
    List<Object> docs = Yaml.documents(yaml);
    for (int i = 0; i < docs.size(); i++) {
      out.addAll(Resources.read(docs.get(i), "test.yaml: document " + i));
    }
    return out;
  }

  static InvalidResourceException error(String yaml) {
    try {
      read(yaml);
    } catch (InvalidResourceException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void readsEveryKindAndWritesItBackToEqualResources() {
    List<Resource<?>> all = read(Fixtures.EVERY_KIND);
    List<String> kinds = new ArrayList<>();
    for (ResourceKind<?> k : ResourceKind.all()) {
      kinds.add(k.name());
      if (k == ResourceKind.BGP_PEER) {
        kinds.add(k.name()); // two peers
      }
    }
    assertThat(all).extracting(r -> r.kind().name()).containsExactlyElementsOf(kinds);
    for (Resource<?> r : all) {
      Map<String, Object> doc = Resources.write(r, true);
      assertThat(Resources.read(doc, "again")).containsExactly(r);
    }
    IpPool pool = all.get(1).as(ResourceKind.IP_POOL).spec();
    assertThat(pool.blockSize()).isEqualTo(24);
    assertThat(pool.natOutgoing()).isTrue();
    // The canonical text of the selector the file wrote as rack == 'a'.
    assertThat(pool.nodeSelector()).isEqualTo(Selector.parse("rack == 'a'").toString());
    BgpPeerSpec peer = all.get(4).as(ResourceKind.BGP_PEER).spec();
    assertThat(peer.peerIp()).hasToString("192.20.30.40");
    assertThat(peer.asNumber()).isEqualTo(64567);
    NetworkPolicy np = all.get(12).as(ResourceKind.NETWORK_POLICY).spec();
    assertThat(np.namespace()).isEqualTo("prod");
    assertThat(np.ingress()).hasSize(2);
  }

  @Test
  void writesFieldsInAFixedOrderLeavingOutWhatIsUnset() {
    Resource<?> tier =
        read("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t}, spec: {order: 100}}")
            .get(0);
    assertThat(Resources.write(tier, true))
        .isEqualTo(
            Map.of(
                "apiVersion",
                "gingham.dev/v1",
                "kind",
                "Tier",
                "metadata",
                Map.of("name", "t"),
                "spec",
                Map.of("order", 100L)));
    assertThat(Resources.write(tier, true).keySet())
        .containsExactly("apiVersion", "kind", "metadata", "spec");
  }

  @Test
  void readsListsAndConvertsKubernetesNetworkPolicy() {
    List<Resource<?>> r =
        read(
            """
            apiVersion: projectcalico.org/v3
            kind: IPPoolList
            items:
            - {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: a}, spec: {cidr: 10.1.0.0/16}}
            - {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: b}, spec: {cidr: 10.2.0.0/16}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
            """);
    assertThat(r)
        .extracting(x -> x.id().toString())
        .containsExactly("IPPool a", "IPPool b", "NetworkPolicy prod/knp.default.db");
  }

  @Test
  void metadataKeepsWhatTheStoreSetsAndDefaultsTheNamespace() {
    Resource<?> r =
        read("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata:
                  name: p
                  resourceVersion: "42"
                  uid: 2c4b2f7e-1
                  creationTimestamp: "2024-05-01T12:00:00Z"
                  annotations: {note: "any text: at all"}
                """)
            .get(0);
    assertThat(r.metadata().namespace()).isEqualTo("default");
    assertThat(r.metadata().resourceVersion()).isEqualTo(42);
    assertThat(r.metadata().uid()).isEqualTo("2c4b2f7e-1");
    assertThat(r.metadata().creationTimestamp()).hasToString("2024-05-01T12:00:00Z");
    assertThat(Resources.write(r, false))
        .extractingByKey("metadata")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("resourceVersion")
        .containsEntry("uid", "2c4b2f7e-1");
  }

  @Test
  void errorsNameTheSourceTheResourceTheFieldAndTheReason() {
    assertThat(
            error(
                "{apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: p}, spec: {cidr: 10.0.0.0/33}}"))
        .hasMessage(
            "test.yaml: document 0: IPPool p: spec.cidr: prefix length 33 is not in 0..32: '10.0.0.0/33'")
        .satisfies(e -> assertThat(e.field()).isEqualTo("spec.cidr"));
  }

  @Test
  void oneTestForEachKindOfMistake() {
    // No kind, no apiVersion, an unknown apiVersion or kind.
    assertThat(error("{apiVersion: projectcalico.org/v3, metadata: {name: p}}").getMessage())
        .isEqualTo("test.yaml: document 0: kind: is required");
    assertThat(error("{kind: IPPool, metadata: {name: p}}").getMessage())
        .isEqualTo("test.yaml: document 0: apiVersion: is required");
    assertThat(
            error("{apiVersion: crd.projectcalico.org/v1, kind: IPPool, metadata: {name: p}}")
                .getMessage())
        .startsWith(
            "test.yaml: document 0: apiVersion: unsupported apiVersion 'crd.projectcalico.org/v1'");
    assertThat(error("{apiVersion: gingham.dev/v1, kind: IPool, metadata: {name: p}}").getMessage())
        .startsWith(
            "test.yaml: document 0: kind: unknown kind 'IPool'; the kinds are IPAMConfiguration, IPPool");
    // Not an object.
    assertThat(error("just text").getMessage())
        .isEqualTo("test.yaml: document 0: (document): expected an object, got 'just text'");
    // Metadata: missing, no name, a bad name, a namespace where there is none.
    assertThat(error("{apiVersion: gingham.dev/v1, kind: Tier}").getMessage())
        .isEqualTo("test.yaml: document 0: metadata: is required");
    assertThat(error("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {}}").getMessage())
        .isEqualTo("test.yaml: document 0: metadata.name: is required");
    assertThat(
            error("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: Bad_Name}}")
                .getMessage())
        .startsWith("test.yaml: document 0: metadata.name: 'Bad_Name' is not a valid name");
    assertThat(
            error("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t, namespace: prod}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: Tier prod/t: metadata.namespace: Tier is not namespaced, but namespace 'prod' is given");
    // A field that does not exist, or that Gingham does not support.
    assertThat(
            error("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t}, spec: {ordr: 1}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: Tier t: spec.ordr: unknown field; the fields are order, defaultAction");
    assertThat(
            error("{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t}, spce: {}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: spce: unknown field; the fields are apiVersion, kind, metadata, spec");
    assertThat(
            error(
                    "{apiVersion: projectcalico.org/v3, kind: GlobalNetworkPolicy, metadata: {name: g},"
                        + " spec: {ingress: [{action: Allow, http: {methods: [GET]}}]}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: GlobalNetworkPolicy g: spec.ingress[0].http: HTTP matches need an application-layer proxy, which Gingham has not");
    // A value of the wrong type, or out of range.
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: IPPool, metadata: {name: p}, spec: {cidr: 10.0.0.0/16, natOutgoing: yes please}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: IPPool p: spec.natOutgoing: expected true or false, got 'yes please'");
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: IPPool, metadata: {name: p}, spec: {cidr: 10.0.0.0/16, blockSize: 19}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: IPPool p: spec.blockSize: block size /19 is not in /20../32 for an IPv4 pool");
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: BGPPeer, metadata: {name: x}, spec: {peerIP: 192.0.2.1, asNumber: 4294967296}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: BGPPeer x: spec.asNumber: AS number must be 1..4294967295, was 4294967296");
    // Fields that contradict each other.
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: BGPPeer, metadata: {name: x}, spec: {peerIP: 192.0.2.1, peerSelector: all(), asNumber: 1}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: BGPPeer x: spec.peerIP: give peerIP or peerSelector, not both");
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: IPPool, metadata: {name: p}, spec: {cidr: 'fd00::/48', ipipMode: Always}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: IPPool p: spec.ipipMode: IPIP is not supported on IPv6 pools (ipipMode Always)");
    // Labels where IPAM keeps none; a bad label.
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: IPPool, metadata: {name: p, labels: {a: b}}, spec: {cidr: 10.0.0.0/16}}")
                .getMessage())
        .isEqualTo(
            "test.yaml: document 0: IPPool p: metadata.labels: IPAM keeps IPPool resources without labels or annotations");
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t, labels: {'a b': c}}}")
                .getMessage())
        .startsWith("test.yaml: document 0: metadata.labels: label key 'a b'");
    // Selector syntax.
    assertThat(
            error(
                    "{apiVersion: gingham.dev/v1, kind: GlobalNetworkPolicy, metadata: {name: g}, spec: {selector: 'app =='}}")
                .getMessage())
        .startsWith(
            "test.yaml: document 0: GlobalNetworkPolicy g: spec.selector: selector 'app =='");
    // A list item's mistake names the item.
    assertThat(
            error(
                    "{apiVersion: v1, kind: List, items: [{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: t}, spec: {order: x}}]}")
                .getMessage())
        .isEqualTo("test.yaml: document 0, item 0: Tier t: spec.order: expected a number, got 'x'");
  }

  @Test
  void durationsReadAsGoWritesThem() {
    Resource<?> r =
        read("{apiVersion: gingham.dev/v1, kind: BGPPeer, metadata: {name: x}, spec: {peerIP: '[2001:db8::1]:1179', asNumber: 65000, maxRestartTime: 1m30s}}")
            .get(0);
    BgpPeerSpec p = r.as(ResourceKind.BGP_PEER).spec();
    assertThat(p.maxRestartTime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.peerPort()).isEqualTo(1179);
    assertThat(Resources.write(r, false))
        .extractingByKey("spec")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("maxRestartTime", "1m30s")
        .containsEntry("peerIP", "[2001:db8::1]:1179");
  }
}
